// What staff read: a department's queue, and one issue's whole picture. Queries and reads by key only.
import { nowIso } from '#shared/clock.ts';
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { pageTokenShape, queryOf } from '#shared/data/entities/access.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { issueEntity, type CustomerIssue } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { batchGet } from '#shared/data/batch-get.ts';
import { headlinesOf } from '#shared/data/issue-headlines.ts';
import type { Headline } from '#shared/api/schemas.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { currentClocks } from '#shared/domain/clocks.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { handoffsOf } from '#shared/domain/handoff.ts';
import { pathVisits } from '#shared/domain/issue-path.ts';
import { issueSchema } from '#shared/domain/issue.ts';
import { publicTask, taskSchema, type QueueDepartment, type Task } from '#shared/domain/task.ts';

export type QueueView = 'open' | 'mine' | 'all';

export async function readQueue(
  department: QueueDepartment,
  view: QueueView,
  username: string,
  nextToken: string | undefined,
  limit = 50,
): Promise<{ tasks: Task[]; headlines: Record<string, Headline>; nextToken?: string }> {
  const access = view === 'mine' ? taskEntity.access.heldBy(username) : taskEntity.access.queue(department);
  const base = queryOf(access);
  const query: QueryCommandInput =
    view === 'mine'
      ? { ...base, FilterExpression: 'department = :department', ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':department': department } }
      : view === 'open'
        ? { ...base, FilterExpression: '#status = :open', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':open': 'open' } }
        : base;
  const startKey = decodePageToken(nextToken, pageTokenShape(access));
  const result = await documentClient().send(new QueryCommand({ ...query, Limit: limit, ExclusiveStartKey: startKey }));
  const token = encodePageToken(result.LastEvaluatedKey);
  // The lists hold the task as a queue shows it (table-definition.ts), never its token; its outcomes by set.
  const tasks = (result.Items ?? []).map((item) => taskSchema.parse(taskEntity.parseListing(item)));
  // Each row's issue as the row shows it, in the same answer (shared/data/issue-headlines.ts).
  return { tasks, headlines: await headlinesOf(tasks.map((task) => task.issueId)), ...(token ? { nextToken: token } : {}) };
}


export async function eventsOf(issueId: string): Promise<IssueEvent[]> {
  return (await queryAllOf(eventEntity.access.ofIssue(issueId), { ConsistentRead: true })).map(eventEntity.parse);
}

export async function readCustomer(customerId: string) {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: customerEntity.key(customerId) }));
  return found.Item ? customerEntity.parse(found.Item) : undefined;
}

/** A customer's issues, oldest first, as their list shows them (all the index holds of them). */
export async function issuesOfCustomer(customerId: string): Promise<CustomerIssue[]> {
  return (await queryAllOf(issueEntity.access.ofCustomer(customerId))).map(issueEntity.parseCustomerIssue);
}

/**
 * Everything about one issue that any department may see, in two rounds of two requests: the issue
 * with its events (one Query of its partition) and its task keys; then the tasks with the customer
 * (one BatchGetItem) and the customer's other issues.
 */
export async function readIssue360(issueId: string) {
  const [partition, listedTasks] = await Promise.all([
    queryAllOf(issueEntity.access.withHistory(issueId), { ConsistentRead: true }),
    queryAllOf(taskEntity.access.ofIssue(issueId)),
  ]);
  const issueItem = partition.find((item) => item.entity === issueEntity.name);
  if (!issueItem) throw new NotFoundError(`No issue ${issueId}.`);
  const record = issueEntity.parse(issueItem);
  const events = partition.filter((item) => item.entity === eventEntity.name).map(eventEntity.parse);
  const [items, customerIssues] = await Promise.all([
    batchGet([...listedTasks, customerEntity.key(record.customerId)], { consistent: true }),
    issuesOfCustomer(record.customerId),
  ]);
  const tasks = items.filter((item) => item.entity === taskEntity.name).map((item) => taskEntity.parse(item));
  const customerItem = items.find((item) => item.entity === customerEntity.name);
  const customer = customerItem ? customerEntity.parse(customerItem) : undefined;
  const issue = issueSchema.parse(record);
  const now = nowIso();
  return {
    issue: {
      issueId: issue.issueId,
      status: issue.status,
      flowId: issue.flowId,
      flowVersion: issue.flowVersion,
      category: issue.category,
      subject: issue.subject,
      // The issue item leaves its description out: it is the first event's text (an issue stored before that has it too).
      description: issue.description ?? events.find((event) => event.type === 'issue_submitted')?.text ?? '',
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
    /** The path with times: each task in the order it opened, where it is now, how long each took. */
    visits: pathVisits(tasks, events, now),
    clocks: currentClocks(issue, now),
    otherIssues: customerIssues.filter((other) => other.issueId !== issueId),
  };
}
