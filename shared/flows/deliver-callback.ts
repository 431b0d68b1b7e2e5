// Hands a stored completion to Step Functions. A failure loses nothing: the completion stays on the
// pending-callback list (CALLBACK#PENDING) and the repair sends it again. If the flow no longer
// waits for it, its execution history says whether it took this completion (delivered before a
// crash, confirmation lost) or moved on without it (late); the stored state is settled to agree.
import { TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { confirmCallback, settleTakenCompletion, settleUndeliveredCompletion } from '#shared/data/task-completion.ts';
import { readTask } from '#shared/data/task-items.ts';
import { executionEnded, tookCompletion } from '#shared/flows/execution-facts.ts';
import type { TaskResult } from '#shared/flows/human-step.ts';
import { executionHistory, sendTaskResult } from '#shared/flows/step-functions-client.ts';
import { logger } from '#shared/logger.ts';

/**
 * `confirmed`: the flow had taken it before a crash; its history says so. `confirmed-by-openings`:
 * taken too, and the steps it opened confirmed it meanwhile (parallel-openings.ts): no repair.
 */
export type Delivery = 'delivered' | 'confirmed' | 'confirmed-by-openings' | 'flow-moved-on' | 'pending';

/**
 * `confirmedByOpenings`: the steps the completion opens take it off the pending-callback list
 * themselves (parallel-openings.ts), so a delivered callback needs no confirmation write here.
 */
export async function deliverCallback(taskId: string, callback: { taskToken: string; result: TaskResult }, { confirmedByOpenings = false } = {}): Promise<Delivery> {
  try {
    await sendTaskResult(callback.taskToken, callback.result);
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) return settleByHistory(taskId);
    logger.error('callback not delivered; the completion stays pending for repair', { taskId, error: error as Error });
    return 'pending';
  }
  if (!confirmedByOpenings) await confirmCallback(taskId);
  return 'delivered';
}

/**
 * The token no longer waits: taken (the callback arrived before a crash) or not (the SLA expired or
 * the execution ended first)? Neither shown yet (a restarted endpoint may not be back at the step):
 * stays pending, and the next repair asks again.
 */
async function settleByHistory(taskId: string): Promise<Delivery> {
  const task = await readTask(taskId);
  if (!task) return 'pending';
  const history = await executionHistory(task.executionArn);
  if (tookCompletion(history, taskId)) return (await settleTakenCompletion(taskId)) ? 'confirmed' : 'confirmed-by-openings';
  if (!executionEnded(history) && Date.now() < Date.parse(task.dueAt)) return 'pending';
  await settleUndeliveredCompletion(taskId);
  return 'flow-moved-on';
}
