// The contract between a flow's human step (ASL Payload of a `lambda:invoke.waitForTaskToken`
// state) and the Lambda that opens its task. Literals in the ASL, checked here.
import { z } from 'zod';
import { localizedText, outcomeSchema, queueDepartments, taskResultSchema } from '#shared/domain/task.ts';
import { stepNameOf, type StepName } from '#shared/flows/step-names.ts';

export const humanStepPayload = z.object({
  taskToken: z.string().min(1),
  executionArn: z.string().min(1),
  issueId: z.string().min(1),
  flowId: z.string().min(1),
  stateName: z.string().min(1),
  enteredAt: z.string().min(1),
  attempt: z.number().int().nonnegative().default(0),
  /** The step's home department (its lane on the map). */
  department: z.enum(queueDepartments),
  /** Where a reroute or a manager's decision sent the step (`$.routing.<step>.department`); `home` = `department`. */
  routedTo: z.union([z.enum(queueDepartments), z.literal('home')]).optional(),
  step: z.string().min(1),
  /** Only in executions started on definitions older than shared/flows/step-names.ts, which names every step. */
  stepName: localizedText.optional(),
  outcomes: z.array(outcomeSchema).min(1),
  /**
   * The step's SLA, written by the flow generator from the same value as the state's TimeoutSeconds.
   * Absent only in executions started on a definition older than this field (see flow-facts.ts).
   */
  slaSeconds: z.number().positive().optional(),
  /** The Baton flow version the execution runs on (absent in executions started on older definitions, which record it in a step of their own). */
  flowVersion: z.number().int().positive().optional(),
  /**
   * How often the flow asked the customer about this step so far (`$.asks.<step>.count`). At 0 no reply
   * can be waiting to go back to whoever asked, so opening the task reads no customer waits. Absent
   * on management steps and in executions started on older definitions: the waits are read.
   */
  questionsAsked: z.number().int().nonnegative().optional(),
});
export type HumanStepPayload = z.infer<typeof humanStepPayload>;

/**
 * What a step is called: its name in shared/flows/step-names.ts; a step no flow has any more (an
 * execution on a retired definition) keeps the name its payload carried, else its id.
 */
export const stepDisplayName = (step: Pick<HumanStepPayload, 'step' | 'stepName'>): StepName => stepNameOf(step.step) ?? step.stepName ?? { zh: step.step, en: step.step };

/** The department a task opens in: where the step was routed, else its home. */
export const effectiveDepartment = (step: Pick<HumanStepPayload, 'department' | 'routedTo'>) =>
  step.routedTo && step.routedTo !== 'home' ? step.routedTo : step.department;

/** What SendTaskSuccess hands back to the flow when a person completes a task (schema in shared/domain/task.ts). */
export type TaskResult = z.infer<typeof taskResultSchema>;
