// Hands a stored completion to Step Functions. A failure loses nothing: the completion stays on the
// pending-callback list (gsi2 CALLBACK#PENDING) and the repair sends it again.
import { confirmCallback, type Completion } from '#shared/data/task-store.ts';
import { sendTaskResult } from '#shared/flows/step-functions-client.ts';
import { logger } from '#shared/logger.ts';

export async function deliverCallback(taskId: string, callback: Completion['callback']): Promise<boolean> {
  try {
    await sendTaskResult(callback.taskToken, callback.result);
    await confirmCallback(taskId);
    return true;
  } catch (error) {
    logger.error('callback not delivered; the completion stays pending for repair', { taskId, error: error as Error });
    return false;
  }
}
