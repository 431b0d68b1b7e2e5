// The contract between a flow's human step (ASL Payload of a `lambda:invoke.waitForTaskToken`
// state) and the Lambda that opens its task. Literals in the ASL, checked here.
import { z } from 'zod';
import { localizedText, outcomeSchema, queueDepartments } from '#shared/domain/task.ts';

export const humanStepPayload = z.object({
  taskToken: z.string().min(1),
  executionArn: z.string().min(1),
  issueId: z.string().min(1),
  flowId: z.string().min(1),
  stateName: z.string().min(1),
  enteredAt: z.string().min(1),
  attempt: z.number().int().nonnegative().default(0),
  department: z.enum(queueDepartments),
  step: z.string().min(1),
  stepName: localizedText,
  outcomes: z.array(outcomeSchema).min(1),
});
export type HumanStepPayload = z.infer<typeof humanStepPayload>;

/** What SendTaskSuccess hands back to the flow when a person completes a task: ids and decisions only. */
export interface TaskResult {
  taskId: string;
  outcome: string;
  fields: Record<string, string | number | boolean>;
  department: string;
  completedBy: string;
}
