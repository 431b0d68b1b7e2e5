// Suggestions staff and managers send from their pages ("tell us what Baton should do for you"):
// each one a new item, never edited or deleted, listed for the managers newest first.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { feedbackKeys } from '#shared/data/keys.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { newId } from '#shared/domain/ids.ts';
import { feedbackSchema, type Feedback } from '#shared/api/schemas.ts';
import { departmentOf } from '#shared/http/authorization.ts';
import type { Caller } from '#shared/http/caller.ts';

export async function sendFeedback(caller: Caller, body: Pick<Feedback, 'text' | 'page'>): Promise<Feedback> {
  const createdAt = nowIso();
  const feedback: Feedback = { feedbackId: newId('fbk'), text: body.text, page: body.page, username: caller.username, department: departmentOf(caller), createdAt };
  await documentClient().send(
    new PutCommand({
      TableName: config.tableName(),
      Item: { ...feedbackKeys.item(createdAt, feedback.feedbackId), entity: 'feedback', ...feedback },
      // Append-only: an id is never written twice.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return feedback;
}

export async function listFeedback(nextToken: string | undefined, limit = 50): Promise<{ feedback: Feedback[]; nextToken?: string }> {
  const page = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': feedbackKeys.partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodePageToken(nextToken, { index: ['pk', 'sk'], partition: { pk: feedbackKeys.partition } }),
    }),
  );
  const token = encodePageToken(page.LastEvaluatedKey);
  return { feedback: (page.Items ?? []).map((item) => feedbackSchema.parse(item)), ...(token ? { nextToken: token } : {}) };
}
