// Suggestions staff and managers send from their pages ("tell us what Baton should do for you"):
// each one a new item, never edited or deleted, listed for the managers newest first.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { pageTokenShape, queryOf } from '#shared/data/entities/access.ts';
import { feedbackEntity } from '#shared/data/entities/feedback.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { newId } from '#shared/domain/ids.ts';
import { feedbackSchema, type Feedback } from '#shared/api/schemas.ts';
import { departmentOf } from '#shared/domain/staff.ts';
import type { Caller } from '#shared/http/caller.ts';

export async function sendFeedback(caller: Caller, body: Pick<Feedback, 'text' | 'page'>): Promise<Feedback> {
  const createdAt = nowIso();
  const feedback: Feedback = { feedbackId: newId('fbk'), text: body.text, page: body.page, username: caller.username, department: departmentOf(caller), createdAt };
  await documentClient().send(
    new PutCommand({
      TableName: config.tableName(),
      Item: { ...feedbackEntity.key(createdAt, feedback.feedbackId), entity: feedbackEntity.name, ...feedback },
      // Append-only: an id is never written twice.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return feedback;
}

export async function listFeedback(nextToken: string | undefined, limit = 50): Promise<{ feedback: Feedback[]; nextToken?: string }> {
  const page = await documentClient().send(
    new QueryCommand({
      ...queryOf(feedbackEntity.access.all()),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodePageToken(nextToken, pageTokenShape(feedbackEntity.access.all())),
    }),
  );
  const token = encodePageToken(page.LastEvaluatedKey);
  return { feedback: (page.Items ?? []).map((item) => feedbackSchema.parse(item)), ...(token ? { nextToken: token } : {}) };
}
