// A step waiting for the customer's reply (see shared/data/customer-waits.ts for how it is stored):
// its shape (the stored item is parsed with this schema, shared/data/entities/customer-wait.ts).
import { z } from 'zod';

export type { WaitKind } from '#shared/flows/step-payloads.ts';

/** What the flow's "Ask the customer …" / "Remind the customer …" state hands its step Lambda: its one schema is in shared/flows/step-payloads.ts. */
export type { WaitForCustomerPayload as CustomerWaitStep } from '#shared/flows/step-payloads.ts';

export const customerWaitSchema = z.object({
  issueId: z.string(),
  step: z.string(),
  /** Execution + state + entry + attempt: a re-run step Lambda finds its own wait and does nothing twice. */
  entryKey: z.string(),
  taskToken: z.string(),
  executionArn: z.string(),
  stateName: z.string(),
  status: z.enum(['waiting', 'answered', 'ended']),
  question: z.string(),
  department: z.string().optional(),
  askedIn: z.string(),
  /** Who asked (their completion of `askedIn`): told when the customer answers. */
  askedBy: z.string().optional(),
  askedAt: z.string(),
  answeredAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** The task the step opened after the answer, given back to the asker (shared/domain/return-to-asker.ts). */
  returnedIn: z.string().optional(),
  /** Read from the item's place on the pending-reply list, never stored as such: an answer not yet confirmed as taken by the flow. */
  replyPending: z.boolean().optional(),
});
export type CustomerWait = z.infer<typeof customerWaitSchema>;

/** A reply to hand to the flow: the token never leaves the backend. */
export interface PendingReply {
  issueId: string;
  step: string;
  entryKey: string;
  taskToken: string;
}
