// Hands a customer's reply to the flow step waiting for it. A failure loses nothing: the reply stays
// on the pending-reply list (REPLY#PENDING) and the repair sends it again; if the flow no
// longer waits (it timed out into a reminder or gave up), the message simply stays on the timeline.
import { TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { confirmReply, settleUndeliveredReply, type PendingReply } from '#shared/data/customer-waits.ts';
import { sendTaskOutput } from '#shared/flows/step-functions-client.ts';
import { logger } from '#shared/logger.ts';
import type { Delivery } from '#shared/flows/deliver-callback.ts';

export async function deliverReply(reply: PendingReply): Promise<Delivery> {
  try {
    // Ids only: the message itself stays in DynamoDB.
    await sendTaskOutput(reply.taskToken, { replied: true, step: reply.step });
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) {
      await settleUndeliveredReply(reply);
      return 'flow-moved-on';
    }
    logger.error('reply not delivered; it stays pending for repair', { issueId: reply.issueId, step: reply.step, error: error as Error });
    return 'pending';
  }
  await confirmReply(reply);
  return 'delivered';
}
