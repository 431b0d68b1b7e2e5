// What an execution's history (GetExecutionHistory, AWS or local) says about Baton's human steps:
// which ones it scheduled, and whether it took a person's completion. Pure: the calls are in
// step-functions-client.ts, the repairs in repair.ts and deliver-callback.ts.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { humanStepPayload, type HumanStepPayload } from '#shared/flows/human-step.ts';

const parsed = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Every human step the execution scheduled (a task-opening Lambda's payload, with its token). */
export function humanStepsScheduled(history: HistoryEvent[]): HumanStepPayload[] {
  return history.flatMap((event) => {
    const details = event.taskScheduledEventDetails;
    if (event.type !== 'TaskScheduled' || !details?.resource?.endsWith('.waitForTaskToken')) return [];
    const parameters = parsed(details.parameters) as { Payload?: unknown } | undefined;
    // Customer waits are callback steps too; only a task-opening payload has outcomes and a department.
    const step = humanStepPayload.safeParse(parameters?.Payload);
    return step.success ? [step.data] : [];
  });
}

/**
 * Whether the flow took this task's completion: a waiting step succeeded with it as its output
 * (SendTaskSuccess carries the task id). A token that no longer waits may have done so just before
 * a crash, so "TaskTimedOut" on a re-send does not say the completion was refused.
 */
export function tookCompletion(history: HistoryEvent[], taskId: string): boolean {
  return history.some((event) => {
    if (event.type !== 'TaskSucceeded') return false;
    const output = parsed(event.taskSucceededEventDetails?.output) as { taskId?: unknown } | undefined;
    return output?.taskId === taskId;
  });
}

const executionEnds = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** Whether the history ends with the execution's end: nothing in it waits any more. */
export const executionEnded = (history: HistoryEvent[]): boolean => history.some((event) => executionEnds.has(event.type ?? ''));
