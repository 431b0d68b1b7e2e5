// Tasks: a human step's work item in a department queue. Types come from these schemas.
import { z } from 'zod';
import { handoffSchema } from '#shared/domain/handoff.ts';
import { departments } from '#shared/domain/staff.ts';

export const queueDepartments = ['sales', 'production', 'service', 'management'] as const;
export type QueueDepartment = (typeof queueDepartments)[number];

export const localizedText = z.object({ zh: z.string(), en: z.string() });

export const outcomeFieldSchema = z.object({
  name: z.string(),
  type: z.enum(['text', 'number', 'date', 'boolean', 'department']),
  required: z.boolean(),
  label: localizedText,
});
export type OutcomeField = z.infer<typeof outcomeFieldSchema>;

export const outcomeSchema = z.object({
  id: z.string(),
  label: localizedText,
  fields: z.array(outcomeFieldSchema),
  /**
   * Declared by the flow: only these departments decide this outcome (a refund is sales' call), so a
   * step rerouted elsewhere does not offer it there (holder-outcomes.ts). Absent: any department.
   */
  onlyFor: z.array(z.enum(departments)).optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;

export const taskStatuses = ['open', 'claimed', 'completed', 'cancelled', 'expired'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** What every read returns: the task token is deliberately not part of it. */
export const taskSchema = z.object({
  taskId: z.string(),
  issueId: z.string(),
  flowId: z.string(),
  step: z.string(),
  stepName: localizedText,
  department: z.enum(queueDepartments),
  status: z.enum(taskStatuses),
  claimedBy: z.string().optional(),
  createdAt: z.string(),
  dueAt: z.string(),
  outcomes: z.array(outcomeSchema),
  /** What the holder reads first: the packet of the previous handoff (or the customer's reply) when the task opened. */
  handoff: handoffSchema.optional(),
});
export type Task = z.infer<typeof taskSchema>;

/** What SendTaskSuccess hands back to the flow when a person completes a task: ids and decisions only. */
export const taskResultSchema = z.object({
  taskId: z.string(),
  outcome: z.string(),
  /** Decision fields only (no text): see decisionFields in shared/domain/completion.ts. */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  department: z.string(),
  completedBy: z.string(),
});

/** The stored item: the public task plus what only the backend may see (parsed by shared/data/entities/task.ts). */
export const taskRecordSchema = taskSchema.extend({
  /**
   * The flow's token for this step: kept in an item of its own beside the task (shared/data/entities/task.ts),
   * so present only when the task was read with it (what answers the flow), or opened just now.
   */
  taskToken: z.string().optional(),
  /** The token is stored in the task item itself (an item written before tokens had their own): its writes keep it there. */
  tokenInline: z.boolean().optional(),
  executionArn: z.string(),
  stateName: z.string(),
  attempt: z.number(),
  /** The department the step belongs to in the flow (its lane); `department` differs after a reroute. */
  homeDepartment: z.string().optional(),
  closedAt: z.string().optional(),
  /** When it was first claimed (a release and a new claim keep it): a step's work time runs from here. */
  claimedAt: z.string().optional(),
  /** Who held the claim when the flow closed the task (an SLA breach): the one person who may still record a late completion. */
  heldBy: z.string().optional(),
  /** Every field the person entered on completion, text included (the flow only gets the decisions). */
  completedFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Set once the flow counted this task's reroute (a step re-run counts it once). */
  rerouteNumber: z.number().optional(),
  /** What a completion hands to the flow, kept until Step Functions confirms it. */
  callbackResult: taskResultSchema.optional(),
  /** Read from the item's place on the pending-callback list, never stored as such: the completion awaits Step Functions' confirmation. */
  callbackPending: z.boolean().optional(),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

/** A task read with its token: what a completion needs to hand the flow its result. */
export type TaskWithToken = TaskRecord & { taskToken: string };

export function publicTask(record: TaskRecord): Task {
  return taskSchema.parse(record);
}

export const isActive = (status: TaskStatus) => status === 'open' || status === 'claimed';
