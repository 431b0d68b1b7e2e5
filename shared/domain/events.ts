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
    subject: z.string().optional(),
    category: z.string().optional(),
  }),
  event('note_added', {}),
  /** Points at the event it corrects (`corrects`). */
  event('correction_added', {}),
  event('flow_started', { flowId: z.string(), flowVersion: z.number() }),
  event('issue_closed', { resolution: z.string() }),
  event('task_opened', { ...ofTask, stepName: localizedText, dueAt: z.string(), homeDepartment: z.string().optional() }),
  event('task_claimed', ofTask),
  event('task_released', { ...ofTask, heldBy: z.string().optional() }),
  event('task_completed', { ...ofTask, outcome: z.string(), fields: enteredFields, packet: packetSchema }),
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
]);
export type IssueEvent = z.infer<typeof eventSchema>;
export type IssueEventType = IssueEvent['type'];
/** One event type's event, e.g. `EventOf<'task_completed'>`. */
export type EventOf<Type extends IssueEventType> = Extract<IssueEvent, { type: Type }>;

/** Every event type, in the order declared above. */
export const eventTypes: readonly IssueEventType[] = eventSchema.options.map((option) => option.shape.type.value);

/** An event as a change appends it: number, time and issue are given when it is written (issue-changes.ts). */
export type NewEvent = IssueEvent extends infer Event ? (Event extends IssueEvent ? Omit<Event, 'issueId' | 'seq' | 'at'> : never) : never;
