// What staff read: a department's queue, and one issue's whole picture. Queries and GetItems only.
import { nowIso } from '#shared/clock.ts';
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { keys, taskKeys } from '#shared/data/keys.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { requireIssue } from '#shared/data/issue-changes.ts';
import { tasksOfIssue } from '#shared/data/task-items.ts';
import { currentClocks } from '#shared/domain/clocks.ts';
import { eventSchema, type IssueEvent } from '#shared/domain/events.ts';
import { handoffsOf } from '#shared/domain/handoff.ts';
import { issueSchema } from '#shared/domain/issue.ts';
import { publicTask, type QueueDepartment, type Task, type TaskRecord } from '#shared/domain/task.ts';

export type QueueView = 'open' | 'mine' | 'all';

export async function readQueue(
  department: QueueDepartment,
  view: QueueView,
  username: string,
  nextToken: string | undefined,
  limit = 50,
): Promise<{ tasks: Task[]; nextToken?: string }> {
  const query: QueryCommandInput =
    view === 'mine'
      ? {
          TableName: config.tableName(),
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          FilterExpression: 'department = :department',
          ExpressionAttributeValues: { ':pk': taskKeys.holder(username), ':department': department },
        }
      : {
          TableName: config.tableName(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ...(view === 'open' ? { FilterExpression: '#status = :open', ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: { ':pk': taskKeys.queue(department), ...(view === 'open' ? { ':open': 'open' } : {}) },
        };
  const startKey = decodePageToken(
    nextToken,
    view === 'mine'
      ? { index: ['pk', 'sk', 'gsi2pk', 'gsi2sk'], partition: { gsi2pk: taskKeys.holder(username) } }
      : { index: ['pk', 'sk', 'gsi1pk', 'gsi1sk'], partition: { gsi1pk: taskKeys.queue(department) } },
  );
  const result = await documentClient().send(new QueryCommand({ ...query, Limit: limit, ExclusiveStartKey: startKey }));
  const token = encodePageToken(result.LastEvaluatedKey);
  return { tasks: (result.Items ?? []).map((item) => publicTask(item as TaskRecord)), ...(token ? { nextToken: token } : {}) };
}


export async function eventsOf(issueId: string): Promise<IssueEvent[]> {
  const { pk, skPrefix } = keys.eventsOf(issueId);
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => eventSchema.parse(item));
}

export async function readCustomer(customerId: string) {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: keys.customer(customerId) }));
  if (!found.Item) return undefined;
  const { customerId: id, name, email, phone, company, createdAt } = found.Item as Record<string, string>;
  return { customerId: id, name, email, phone, company, createdAt };
}

export async function issuesOfCustomer(customerId: string) {
  const items = await queryAll({
    TableName: config.tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :issue)',
    ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':issue': 'ISSUE#' },
  });
  return items.map((item) => {
    const { issueId, subject, status, flowId, createdAt } = item as Record<string, string>;
    return { issueId, subject, status, flowId, createdAt };
  });
}

/** Everything about one issue that any department may see. */
export async function readIssue360(issueId: string) {
  const record = await requireIssue(issueId);
  const [events, tasks, customer, customerIssues] = await Promise.all([
    eventsOf(issueId),
    tasksOfIssue(issueId),
    readCustomer(record.customerId),
    issuesOfCustomer(record.customerId),
  ]);
  const issue = issueSchema.parse(record);
  return {
    issue: {
      issueId: issue.issueId,
      status: issue.status,
      flowId: issue.flowId,
      flowVersion: issue.flowVersion,
      category: issue.category,
      subject: issue.subject,
      description: issue.description,
      ...(issue.orderRef ? { orderRef: issue.orderRef } : {}),
      createdAt: issue.createdAt,
      holders: issue.holders,
      reroutes: issue.reroutes,
      bounces: issue.bounces,
      reopens: record.reopens ?? 0,
      ...(record.coordinator ? { coordinator: record.coordinator } : {}),
    },
    customer,
    events,
    /** Every handoff packet (and customer reply, and "no reply" note) in order; the last is what the next holder reads first. */
    handoffs: handoffsOf(events),
    tasks: tasks.map(publicTask),
    path: issue.path,
    clocks: currentClocks(issue, nowIso()),
    otherIssues: customerIssues.filter((other) => other.issueId !== issueId),
  };
}
