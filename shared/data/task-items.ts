// The task item in the table: its index keys derived from its state, and guarded writes.
import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '#shared/data/query-all.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { keys, taskKeys } from '#shared/data/keys.ts';
import type { TaskWrite } from '#shared/domain/change.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { issueIdOfTask } from '#shared/domain/step-identity.ts';
import { isActive, queueDepartments, type TaskRecord } from '#shared/domain/task.ts';

/** What the item holds beyond the task: its keys, and `pendingCallback`, which is read from its place on gsi2. */
const itemOnlyAttributes = ['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'pendingCallback'];

/** The task an item holds, with whether its completion still waits on the pending-callback list. */
export function taskOfItem(item: Record<string, unknown>): TaskRecord {
  const task = Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name))) as unknown as TaskRecord;
  return item.gsi2pk === taskKeys.pendingCallbacks ? { ...task, pendingCallback: true } : task;
}

/** The stored item; index keys are derived from the task's state every time, never carried over. */
function taskItem(task: TaskRecord, pendingCallbackSince?: string): Record<string, unknown> {
  const active = isActive(task.status);
  const record = Object.fromEntries(Object.entries(task).filter(([name]) => !itemOnlyAttributes.includes(name)));
  return {
    ...taskKeys.task(task.taskId),
    entity: 'task',
    ...record,
    gsi3pk: taskKeys.ofIssue(task.issueId),
    gsi3sk: `TASK#${task.createdAt}#${task.taskId}`,
    ...(active ? { gsi1pk: taskKeys.queue(task.department), gsi1sk: `${task.dueAt}#${task.taskId}` } : {}),
    ...(task.status === 'claimed' && task.claimedBy ? { gsi2pk: taskKeys.holder(task.claimedBy), gsi2sk: `${task.dueAt}#${task.taskId}` } : {}),
    ...(pendingCallbackSince ? { gsi2pk: taskKeys.pendingCallbacks, gsi2sk: `${pendingCallbackSince}#${task.taskId}` } : {}),
  };
}

/** Writes the task's new state only if it is still in the state the decision was made on (the figures move with the change). */
export function taskWrite({ next, previous, ...options }: TaskWrite): TransactItem {
  const condition = previous
    ? `#status = :previous${options.requirePendingCallback ? ' AND gsi2pk = :pending' : ''}`
    : 'attribute_not_exists(pk)';
  const put: TransactItem = {
    Put: {
      TableName: config.tableName(),
      Item: taskItem(next, options.pendingCallbackSince),
      ConditionExpression: condition,
      ...(previous
        ? {
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':previous': previous.status, ...(options.requirePendingCallback ? { ':pending': taskKeys.pendingCallbacks } : {}) },
          }
        : {}),
    },
  };
  return put;
}

export async function readTask(taskId: string): Promise<TaskRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: taskKeys.task(taskId), ConsistentRead: true }));
  return found.Item ? taskOfItem(found.Item) : undefined;
}

export async function requireTask(taskId: string): Promise<TaskRecord> {
  const task = await readTask(taskId);
  if (!task) throw new NotFoundError(`No task ${taskId}.`);
  return task;
}

/**
 * A task and its issue, as a change to the task needs them: one BatchGetItem when the task id names
 * its issue (shared/domain/step-identity.ts), else the task first and then its issue.
 */
export async function readTaskWithIssue(taskId: string): Promise<{ task: TaskRecord; issue: IssueRecord }> {
  const named = issueIdOfTask(taskId);
  const missing = () => new NotFoundError(`No task ${taskId}.`);
  if (!named) {
    const task = await requireTask(taskId);
    const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: keys.issue(task.issueId), ConsistentRead: true }));
    if (!found.Item) throw missing();
    return { task, issue: found.Item as IssueRecord };
  }
  const tableName = config.tableName();
  const wanted = [taskKeys.task(taskId), keys.issue(named)];
  let items: Array<Record<string, unknown>> = [];
  // BatchGetItem may return some keys unprocessed under load: ask again for those.
  for (let keysLeft: Array<Record<string, unknown>> | undefined = wanted; keysLeft?.length; ) {
    const batch: BatchGetCommandOutput = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keysLeft, ConsistentRead: true } } }));
    items = [...items, ...(batch.Responses?.[tableName] ?? [])];
    keysLeft = batch.UnprocessedKeys?.[tableName]?.Keys;
  }
  const taskItem = items.find((item) => item.pk === taskKeys.task(taskId).pk);
  const issue = items.find((item) => item.pk === keys.issue(named).pk) as IssueRecord | undefined;
  // A made-up id that names some issue but no task of it is as unknown as any other.
  if (!taskItem || !issue || taskItem.issueId !== issue.issueId) throw missing();
  return { task: taskOfItem(taskItem), issue };
}

export async function tasksOfIssue(issueId: string): Promise<TaskRecord[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :task)',
      ExpressionAttributeValues: { ':pk': taskKeys.ofIssue(issueId), ':task': 'TASK#' },
    }),
  );
  return (result.Items ?? []).map(taskOfItem);
}

/** Every open or claimed task, from the department queues (the repair checks each belongs to a waiting step). */
export async function activeTasks(): Promise<TaskRecord[]> {
  const queues = await Promise.all(
    queueDepartments.map((department) =>
      queryAll({ TableName: config.tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': taskKeys.queue(department) } }),
    ),
  );
  return queues.flat().map(taskOfItem);
}
