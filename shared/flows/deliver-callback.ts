// Hands a stored completion to Step Functions. A failure loses nothing: the completion stays on the
// pending-callback list (gsi2 CALLBACK#PENDING) and the repair sends it again. If the flow no longer
// waits for it, the stored state is settled to agree with the flow.
import { TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { confirmCallback, settleUndeliveredCompletion } from '#shared/data/task-completion.ts';
import type { TaskResult } from '#shared/flows/human-step.ts';
import { sendTaskResult } from '#shared/flows/step-functions-client.ts';
import { logger } from '#shared/logger.ts';

export type Delivery = 'delivered' | 'flow-moved-on' | 'pending';

export async function deliverCallback(taskId: string, callback: { taskToken: string; result: TaskResult }): Promise<Delivery> {
  try {
    await sendTaskResult(callback.taskToken, callback.result);
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) {
      await settleUndeliveredCompletion(taskId);
      return 'flow-moved-on';
    }
    logger.error('callback not delivered; the completion stays pending for repair', { taskId, error: error as Error });
    return 'pending';
  }
  await confirmCallback(taskId);
  return 'delivered';
}
