// Events: the append-only history of an issue. Never updated or deleted; a correction is a new
// event pointing at the one it corrects. Every event type and the shape of its data are declared here
// once, as a discriminated union on `type`: writers build them, readers (history in words, handoffs,
// the tracking page, the figures) narrow on them, and stored events are parsed with it. Data shapes
// are as Baton has always written them, so old events parse; unknown data fields are kept.
import { z } from 'zod';
import { localizedText } from '#shared/domain/task.ts';

export const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer') }),
  z.object({ kind: z.literal('staff'), username: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof actorSchema>;

const packetSchema = z.object({ summary: z.string(), done: z.string().optional(), promised: z.string().optional() });
const enteredFields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const ofTask = { taskId: z.string(), step: z.string() };
/** Baton's own words on a repair or a late completion. */
const explained = { ...ofTask, explanation: z.string() };

const common = {
  issueId: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
  actor: actorSchema,
  department: z.string().optional(),
  /** `customer`: shown on the customer's timeline; `internal`: staff only. */
  visibility: z.enum(['customer', 'internal']),
  text: z.string().optional(),
  corrects: z.number().int().positive().optional(),
};

/** One event type: its literal and the schema of its `data` (unknown data fields are kept). */
const event = <Type extends string, Data extends z.ZodRawShape>(type: Type, data: Data) =>
  z.object({ ...common, type: z.literal(type), data: z.looseObject(data) });

export const eventSchema = z.discriminatedUnion('type', [
  /** The customer submitted the issue (its description is the event's text). */
  event('issue_submitted', { subject: z.string(), category: z.string(), orderRef: z.string().optional() }),
  /** The customer wrote: on the tracking page, or through the form about an open issue (then unverified, staff only). */
  event('customer_message', {
    via: z.enum(['tracking', 'intake_form']),
    /** The steps whose question this message answered. */
    answers: z.array(z.string()).optional(),
    unverified: z.boolean().optional(),
    /** Who asked the questions it answers (told of the reply: shared/domain/staff-notices.ts). */
    askedBy: z.array(z.string()).optional(),
    subject: z.string().optional(),
    category: z.string().optional(),
  }),
  event('note_added', {}),
  /** Points at the event it corrects (`corrects`). */
  event('correction_added', {}),
  event('flow_started', { flowId: z.string(), flowVersion: z.number() }),
  /** With what was done and promised at closing (the last handoff packet), which the customer reads and is e-mailed. */
  event('issue_closed', { resolution: z.string(), done: z.string().optional(), promised: z.string().optional() }),
  event('task_opened', { ...ofTask, stepName: localizedText, dueAt: z.string(), homeDepartment: z.string().optional() }),
  /** A first claim says when the task opened: the step's wait before claim (figure-deltas.ts). */
  event('task_claimed', { ...ofTask, openedAt: z.string().optional() }),
  event('task_released', { ...ofTask, heldBy: z.string().optional() }),
  /** `openedAt`, `claimedAt`, `dueAt`: the step's work time and SLA (figure-deltas.ts). */
  event('task_completed', { ...ofTask, outcome: z.string(), fields: enteredFields, packet: packetSchema, openedAt: z.string().optional(), claimedAt: z.string().optional(), dueAt: z.string().optional() }),
  /** What a person entered after the SLA expired (with outcome, fields and packet), or a stored completion the flow never took. */
  event('late_completion', { ...explained, outcome: z.string().optional(), fields: enteredFields.optional(), packet: packetSchema.optional(), completedBy: z.string().optional() }),
  event('completion_confirmed', { ...explained, outcome: z.string().optional() }),
  event('sla_breached', { ...ofTask, dueAt: z.string(), heldBy: z.string().optional() }),
  event('task_cancelled', { ...ofTask, dueAt: z.string(), heldBy: z.string().optional() }),
  event('task_restored', explained),
  event('task_closed_by_repair', explained),
  event('issue_rerouted', { ...ofTask, from: z.string(), to: z.string(), reroutes: z.number() }),
  event('issue_bounced', { ...ofTask, from: z.string(), to: z.string() }),
  /** `taskId` is the task completed with `ask_customer`, which holds the question (the event's text). */
  event('customer_asked', { step: z.string(), taskId: z.string() }),
  event('customer_reminded', { step: z.string(), taskId: z.string() }),
  event('customer_no_reply', { step: z.string(), askedAt: z.string() }),
  /** After closing, the customer rated the handling (1–5); the comment is the event's text. */
  event('customer_rated', { rating: z.number().int() }),
  /** The customer asked for no more e-mail about this issue. */
  event('customer_unsubscribed', {}),
  /** "E-mail me my tracking codes": the issue got a new code; codes of older generations stop working. */
  event('tracking_code_renewed', { generation: z.number().int() }),
  /** The customer said the closed issue is not solved (the reason is the event's text): it reopens into a follow-up step of `department` (`home`: the step's own). */
  event('issue_reopened', { reopens: z.number().int(), department: z.string(), closedAt: z.string() }),
  /** The first person to complete the issue's first step became its coordinator. */
  event('coordinator_assigned', { username: z.string(), step: z.string(), because: z.literal('first_step_completed') }),
  /** A manager named another coordinator (the reason is the event's text). */
  event('coordinator_changed', { from: z.string().nullable(), to: z.string() }),
  /** The customer answered: the step's next task went back to whoever asked, held by them. */
  event('task_returned_to_asker', { ...ofTask, username: z.string() }),
]);
export type IssueEvent = z.infer<typeof eventSchema>;
export type IssueEventType = IssueEvent['type'];
/** One event type's event, e.g. `EventOf<'task_completed'>`. */
export type EventOf<Type extends IssueEventType> = Extract<IssueEvent, { type: Type }>;

/** Every event type, in the order declared above. */
export const eventTypes: readonly IssueEventType[] = eventSchema.options.map((option) => option.shape.type.value);

/** An event as a change appends it: number, time and issue are given when it is written (issue-changes.ts). */
export type NewEvent = IssueEvent extends infer Event ? (Event extends IssueEvent ? Omit<Event, 'issueId' | 'seq' | 'at'> : never) : never;

/**
 * What the customer wrote to their issue: on the tracking page (public), or through the form about
 * an issue already open (`internal`: anyone who knows the e-mail and order reference can send it).
 */
export function customerMessage(text: string, visibility: EventOf<'customer_message'>['visibility'], data: EventOf<'customer_message'>['data']): NewEvent {
  return { type: 'customer_message', actor: { kind: 'customer' }, visibility, text, data };
}
