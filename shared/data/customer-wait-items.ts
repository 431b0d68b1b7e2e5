// The customer wait item in the table (shared/data/entities/customer-wait.ts owns its keys and
// lists): written whole by changes, and taken off the pending-reply list once Step Functions confirms a reply.
import { nowIso } from '#shared/clock.ts';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { customerWaitEntity } from '#shared/data/entities/customer-wait.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import type { WaitWrite } from '#shared/domain/change.ts';
import type { CustomerWait, PendingReply } from '#shared/domain/customer-wait.ts';

/** The stored item, replaced whole; `pendingSince` keeps it on the pending-reply list. */
export const waitWrite = ({ wait, pendingSince }: WaitWrite): TransactItem => ({
  Put: { TableName: config.tableName(), Item: customerWaitEntity.item(wait, pendingSince) },
});

export async function waitsOfIssue(issueId: string): Promise<CustomerWait[]> {
  return (await queryAllOf(customerWaitEntity.access.ofIssue(issueId), { ConsistentRead: true })).map(customerWaitEntity.parse);
}

const updateIfPending = async (reply: PendingReply, extra: { status?: CustomerWait['status']; at?: string } = {}) => {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: customerWaitEntity.key(reply.issueId, reply.step),
        UpdateExpression: `${customerWaitEntity.leavePendingReplyList}${extra.status ? ' SET #status = :status, endedAt = :at' : ''}`,
        ConditionExpression: `${customerWaitEntity.onPendingReplyList.condition} AND entryKey = :entry`,
        ...(extra.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: {
          ...customerWaitEntity.onPendingReplyList.values,
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
  const replies: PendingReply[] = [];
  for (const listed of (await queryAllOf(customerWaitEntity.access.pendingReplies(olderThan))).map(customerWaitEntity.parsePendingReplyListing)) {
    // The list holds no token (table-definition.ts): the wait item itself has it.
    const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: customerWaitEntity.key(listed.issueId, listed.step), ConsistentRead: true }));
    const wait = found.Item ? customerWaitEntity.parse(found.Item) : undefined;
    if (wait?.replyPending && wait.entryKey === listed.entryKey) replies.push({ issueId: wait.issueId, step: wait.step, entryKey: wait.entryKey, taskToken: wait.taskToken });
  }
  return replies;
}
