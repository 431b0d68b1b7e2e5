// Addresses that must get no more mail: SES reported a (permanent) bounce or a complaint for them.
// Recorded by functions/notifications/record-feedback.ts on AWS; the sender checks before each send.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';

export const suppressionKey = (email: string) => ({ pk: `SUPPRESSED#${email.trim().toLowerCase()}`, sk: 'SUPPRESSED' });

export async function isSuppressed(email: string): Promise<boolean> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: suppressionKey(email), ConsistentRead: true }));
  return found.Item !== undefined;
}

export async function suppress(email: string, reason: 'bounce' | 'complaint', at: string, detail?: string): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: config.tableName(), Item: { ...suppressionKey(email), entity: 'suppression', email, reason, at, ...(detail ? { detail } : {}) } }),
  );
}
