// The issue: one customer's problem from submission to closure, as stored and as shown to staff.
import { z } from 'zod';
import { flowIds } from '#shared/flows/catalog.ts';
import { handoffSchema } from '#shared/domain/handoff.ts';
import { languageSchema } from '#shared/domain/language.ts';
import { coordinatorSchema } from '#shared/domain/coordinator.ts';

export const issueStatuses = ['open', 'waiting_customer', 'escalated', 'closed'] as const;
export type IssueStatus = (typeof issueStatuses)[number];

export const holderSchema = z.object({ department: z.string(), since: z.string(), taskId: z.string() });
export type Holder = z.infer<typeof holderSchema>;

/**
 * An issue's status from who holds it now: closed stays closed; waiting for the customer while any
 * step waits for them; escalated while a manager holds any part of it (parallel branches included);
 * open otherwise.
 */
export function statusFor(issue: { status: IssueStatus; customerWaits?: readonly string[] | undefined }, holders: readonly Pick<Holder, 'department'>[]): IssueStatus {
  if (issue.status === 'closed') return 'closed';
  if (issue.customerWaits?.length) return 'waiting_customer';
  return holders.some((holder) => holder.department === 'management') ? 'escalated' : 'open';
}

export const issueSchema = z.object({
  issueId: z.string(),
  customerId: z.string(),
  status: z.enum(issueStatuses),
  flowId: z.enum(flowIds),
  flowVersion: z.number().int(),
  category: z.enum(flowIds),
  subject: z.string(),
  /** What the customer wrote: the `issue_submitted` event's text; the stored issue leaves it out (shared/data/entities/issue.ts). */
  description: z.string().optional(),
  orderRef: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Departments holding the issue now (parallel steps mean several), each since when. */
  holders: z.array(holderSchema).default([]),
  reroutes: z.number().int().default(0),
  bounces: z.number().int().default(0),
  /** Seconds each department held the issue, up to its holders' `since` (add now − since for current holders). */
  clocks: z.record(z.string(), z.number()).default({}),
  /** While the issue waits for the customer: since when. */
  waitingCustomerSince: z.string().optional(),
  /** Step ids in the order their tasks opened. */
  path: z.array(z.string()).default([]),
  /** The latest handoff packet (or customer reply): what the next holder reads first. */
  latestHandoff: handoffSchema.optional(),
});
export type Issue = z.infer<typeof issueSchema>;

/** The stored item (parsed by shared/data/entities/issue.ts): the issue plus what only the backend uses. */
export const issueRecordSchema = issueSchema.extend({
  eventCount: z.number().int(),
  executionArn: z.string().optional(),
  /** Departments that rerouted the issue away: a reroute back to one of them is a bounce. */
  reroutedFrom: z.array(z.string()).optional(),
  /** Steps waiting for the customer's reply now (the customer clock runs while any does). */
  customerWaits: z.array(z.string()).optional(),
  /** When the flow recorded the version its execution started with. */
  flowStartedAt: z.string().optional(),
  /** How many times the customer said "not solved" (shared/domain/reopen.ts). */
  reopens: z.number().int().optional(),
  /** The latest reopen: what its execution starts with (kept so the repair can start it again). */
  reopen: z.object({ number: z.number().int(), department: z.string() }).optional(),
  /** The one person who answers for the issue as a whole (shared/domain/coordinator.ts). */
  coordinator: coordinatorSchema.optional(),
  /** The customer's language, chosen on the form (their e-mails are written in it); absent on older issues: English. */
  language: languageSchema.optional(),
  /** The departments the customer was last told hold the issue (so a step after their reply is no news). */
  customerToldHolders: z.array(z.string()).optional(),
  /** The customer asked for no more e-mail about this issue. */
  unsubscribed: z.boolean().optional(),
  /**
   * The customer wrote since staff last acted on the issue (shared/domain/unread.ts), kept by every change so that a
   * queue or a search names it without reading any history. Absent on issues stored before it: read from their events.
   */
  unreadMessage: z.boolean().optional(),
  /** Renewed tracking codes ("e-mail me my tracking codes"): codes of an older generation no longer open the issue. */
  trackingGeneration: z.number().int().optional(),
  /**
   * A completion handed to the flow whose outcome opens several steps at once: the first of those
   * openings (same execution) takes it off the pending-callback list and removes this
   * (shared/flows/parallel-openings.ts).
   */
  callbackPending: z.object({ taskId: z.string(), executionArn: z.string(), opens: z.array(z.string()) }).optional(),
});
export type IssueRecord = z.infer<typeof issueRecordSchema>;
