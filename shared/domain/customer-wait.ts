// A step waiting for the customer's reply (see shared/data/customer-waits.ts for how it is stored):
// its shape (the stored item is parsed with this schema, shared/data/entities/customer-wait.ts).
import { z } from 'zod';

export type WaitKind = 'question' | 'reminder';

/** What the flow's "Ask the customer …" / "Remind the customer …" state hands its step Lambda. */
export interface CustomerWaitStep {
  taskToken: string;
  executionArn: string;
  issueId: string;
  stateName: string;
  enteredAt: string;
  attempt: number;
  /** The step that asked (its id in the flow). */
  step: string;
  /** The task completed with `ask_customer`: it holds the question. */
  askedIn: string;
  kind: WaitKind;
}

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
  askedAt: z.string(),
  answeredAt: z.string().optional(),
  endedAt: z.string().optional(),
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
