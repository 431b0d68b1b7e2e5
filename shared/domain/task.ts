// Tasks: a human step's work item in a department queue. Types come from these schemas.
import { z } from 'zod';
import { handoffSchema } from '#shared/domain/handoff.ts';

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

/** The stored item: the public task plus what only the backend may see. */
export interface TaskRecord extends Task {
  taskToken: string;
  executionArn: string;
  stateName: string;
  attempt: number;
  /** The department the step belongs to in the flow (its lane); `department` differs after a reroute. */
  homeDepartment?: string;
  closedAt?: string;
  /** When it was first claimed (a release and a new claim keep it): a step's work time runs from here. */
  claimedAt?: string;
  /** Who held the claim when the flow closed the task (an SLA breach): the one person who may still record a late completion. */
  heldBy?: string;
  /** Every field the person entered on completion, text included (the flow only gets the decisions). */
  completedFields?: Record<string, string | number | boolean>;
  /** Set once the flow counted this task's reroute (a step re-run counts it once). */
  rerouteNumber?: number;
  /** What a completion hands to the flow, kept until Step Functions confirms it. */
  callbackResult?: import('#shared/flows/human-step.ts').TaskResult;
  /** Set while the item is on an index (queue, holder, pending callbacks). */
  gsi2pk?: string;
}

export function publicTask(record: TaskRecord): Task {
  return taskSchema.parse(record);
}

export const isActive = (status: TaskStatus) => status === 'open' || status === 'claimed';
