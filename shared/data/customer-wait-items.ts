// The customer wait item in the table (one per issue and step, keys.ts customerWaitKeys): written
// whole by changes, and taken off the pending-reply list (gsi2) once Step Functions confirms a reply.
import { nowIso } from '#shared/clock.ts';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { customerWaitKeys } from '#shared/data/keys.ts';
import { repairList } from '#shared/data/query-all.ts';
import type { WaitWrite } from '#shared/domain/change.ts';
import type { CustomerWait, PendingReply } from '#shared/domain/customer-wait.ts';

const itemOnlyAttributes = ['pk', 'sk', 'entity', 'gsi2pk', 'gsi2sk', 'pendingReply'];

export function waitOfItem(item: Record<string, unknown>): CustomerWait {
  const wait = Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name))) as unknown as CustomerWait;
  return item.gsi2pk === customerWaitKeys.pendingReplies ? { ...wait, pendingReply: true } : wait;
}

/** The stored item, replaced whole; its pending-reply index keys are derived each time, never carried over. */
export function waitWrite({ wait, pendingSince }: WaitWrite): TransactItem {
  const record = Object.fromEntries(Object.entries(wait).filter(([name]) => !itemOnlyAttributes.includes(name)));
  return {
    Put: {
      TableName: config.tableName(),
      Item: {
        ...customerWaitKeys.wait(wait.issueId, wait.step),
        entity: 'customerWait',
        ...record,
        ...(pendingSince ? { gsi2pk: customerWaitKeys.pendingReplies, gsi2sk: `${pendingSince}#${wait.issueId}#${wait.step}` } : {}),
      },
    },
  };
}

export async function waitsOfIssue(issueId: string): Promise<CustomerWait[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerWaitKeys.ofIssue(issueId) },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map(waitOfItem);
}

const updateIfPending = async (reply: PendingReply, extra: { status?: CustomerWait['status']; at?: string } = {}) => {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: customerWaitKeys.wait(reply.issueId, reply.step),
        UpdateExpression: `REMOVE gsi2pk, gsi2sk${extra.status ? ' SET #status = :status, endedAt = :at' : ''}`,
        ConditionExpression: 'gsi2pk = :pending AND entryKey = :entry',
        ...(extra.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: {
          ':pending': customerWaitKeys.pendingReplies,
          ':entry': reply.entryKey,
          ...(extra.status ? { ':status': extra.status, ':at': extra.at } : {}),
        },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
};

/** Step Functions took the reply: it leaves the pending list. */
export const confirmReply = (reply: PendingReply) => updateIfPending(reply);

/** The flow no longer waited for this reply (it had moved on): the message stays on the timeline. */
export const settleUndeliveredReply = (reply: PendingReply) => updateIfPending(reply, { status: 'ended', at: nowIso() });

/** Replies stored before `olderThan` whose callback Step Functions has not confirmed (repair). */
export async function pendingReplies(olderThan: string): Promise<PendingReply[]> {
  return (await repairList(customerWaitKeys.pendingReplies, olderThan)).map((item) => {
    const { issueId, step, entryKey, taskToken } = item as unknown as CustomerWait;
    return { issueId, step, entryKey, taskToken };
  });
}
