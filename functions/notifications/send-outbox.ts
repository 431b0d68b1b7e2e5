// The outbox sender, triggered by the table's stream (on AWS through an event source mapping whose
// filter passes only new or retried outbox messages; locally the runtime's stream reader calls this
// same handler with the same event shape). A message that fails is settled as retry/failed, not thrown:
// only an error of Baton's own (DynamoDB unreachable…) fails the record, for the mapping to retry it.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/logger.ts';
import { deliverMessage } from '#shared/notifications/deliver.ts';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (image?.entity?.S !== 'outbox' || image.status?.S !== 'unsent' || !image.messageId?.S) continue;
    try {
      await deliverMessage(image.messageId.S);
    } catch (error) {
      logger.error('outbox message could not be handled', { messageId: image.messageId.S, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}
