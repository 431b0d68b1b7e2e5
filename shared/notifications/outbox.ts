// The outbox in the table: each message is an item `OUTBOX#<messageId>` written with the change that
// causes it (a conditional put: the same cause never writes two). Unsent and retrying messages are
// listed on the repair-list index (holdersAndRepairLists) for the sweep; failed ones there too, for managers. See README.md beside this file.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { indexes, indexKeys } from '#shared/data/entities/indexes.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { customerToldHolders, notificationsFor } from '#shared/notifications/notification-rules.ts';
import { messageIdOf, type NotificationDraft, type OutboxMessage, type OutboxStatus } from '#shared/notifications/outbox-message.ts';

export const outboxKeys = {
  message: (messageId: string) => ({ pk: `OUTBOX#${messageId}`, sk: 'MESSAGE' }),
  /** Repair-list index: messages the sender still owes (unsent, or waiting for a retry), oldest first. */
  owed: 'OUTBOX#OWED',
  /** Repair-list index: messages given up on, for managers (GET /api/notifications/failures). */
  failed: 'OUTBOX#FAILED',
};

/** The repair-list index list a message in this status belongs on, if any. */
export const listKeysFor = (status: OutboxStatus, messageId: string, since: string) =>
  status === 'unsent' || status === 'retry'
    ? indexKeys(indexes.holdersAndRepairLists, outboxKeys.owed, `${since}#${messageId}`)
    : status === 'failed'
      ? indexKeys(indexes.holdersAndRepairLists, outboxKeys.failed, `${since}#${messageId}`)
      : undefined;

export function outboxItem(draft: NotificationDraft, now: string): Record<string, unknown> {
  const messageId = messageIdOf(draft);
  const message: OutboxMessage = {
    messageId,
    kind: draft.kind,
    to: draft.to,
    data: draft.data ?? {},
    ...(draft.issueId ? { issueId: draft.issueId } : {}),
    status: 'unsent',
    createdAt: now,
    attempts: 0,
  };
  return { ...outboxKeys.message(messageId), entity: 'outbox', ...message, ...listKeysFor('unsent', messageId, now) };
}

/** A message as one write of a transaction: never a second item for the same cause. */
export const outboxPut = (draft: NotificationDraft, now: string): TransactItem => ({
  Put: { TableName: config.tableName(), Item: outboxItem(draft, now), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The hook changeIssue calls: the messages an issue change causes, as writes of its transaction. */
export const notificationWrites = (issue: IssueRecord, events: readonly IssueEvent[], now: string): TransactItem[] =>
  notificationsFor(issue, events).map((draft) => outboxPut(draft, now));

/** What the notification rules remember on the issue itself (set by changeIssue with the change). */
export function notificationState(issue: IssueRecord, events: readonly IssueEvent[]): Partial<IssueRecord> {
  const told = customerToldHolders(issue, events);
  return told ? { customerToldHolders: told } : {};
}

/** A message caused by no issue change (e.g. "e-mail me my tracking codes"): written on its own, once per cause. */
export async function enqueueMessage(draft: NotificationDraft, now: string): Promise<void> {
  try {
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: outboxItem(draft, now), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The index lists only keys (its projection is other readers'): each listed message is read whole, by key. */
async function listed(partition: string, limit: number): Promise<OutboxMessage[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: indexes.holdersAndRepairLists.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.holdersAndRepairLists.partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
      Limit: limit,
    }),
  );
  const messages = await Promise.all(
    (result.Items ?? []).map(async (item) => {
      const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }));
      return found.Item as OutboxMessage | undefined;
    }),
  );
  return messages.filter((message): message is OutboxMessage => message !== undefined);
}

/** Messages still owed (the sweep sends those that are due). */
export const owedMessages = (limit = 100) => listed(outboxKeys.owed, limit);

/** Messages given up on, newest last: what managers see. */
export const failedMessages = (limit = 100) => listed(outboxKeys.failed, limit);
