// The task item in the table (shared/data/entities/task.ts owns its keys and lists): guarded writes,
// and the reads a change to a task needs.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#shared/data/batch-get.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity, type TaskListing } from '#shared/data/entities/task.ts';
import type { TaskWrite } from '#shared/domain/change.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { issueIdOfTask } from '#shared/domain/step-identity.ts';
import { queueDepartments, type TaskRecord, type TaskWithToken } from '#shared/domain/task.ts';

/**
 * Writes the task's new state only if it is still in the state the decision was made on (the figures
 * move with the change). A new task's token goes in its own item, in the same transaction: written
 * once, so the writes that rewrite the task never carry it. The task's write comes first.
 */
export function taskWrites(write: TaskWrite): TransactItem[] {
  const { next, previous } = write;
  const tokenWrite: TransactItem[] =
    !previous && next.taskToken && !next.tokenInline
      ? [{ Put: { TableName: config.tableName(), Item: taskEntity.token.item({ taskId: next.taskId, taskToken: next.taskToken }) } }]
      : [];
  return [taskWrite(write), ...tokenWrite];
}

function taskWrite({ next, previous, ...options }: TaskWrite): TransactItem {
  const condition = previous
    ? `#status = :previous${options.requirePendingCallback ? ` AND ${taskEntity.onPendingCallbackList.condition}` : ''}`
    : 'attribute_not_exists(pk)';
  return {
    Put: {
      TableName: config.tableName(),
      Item: taskEntity.item(next, options.pendingCallbackSince),
      ConditionExpression: condition,
      ...(previous
        ? {
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':previous': previous.status, ...(options.requirePendingCallback ? taskEntity.onPendingCallbackList.values : {}) },
          }
        : {}),
    },
  };
}

export async function readTask(taskId: string): Promise<TaskRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: taskEntity.key(taskId), ConsistentRead: true }));
  return found.Item ? taskEntity.parse(found.Item) : undefined;
}

/** A task and its token item, as found among items read by key. */
function taskFrom(items: Record<string, unknown>[], taskId: string): TaskRecord | undefined {
  const key = (item: Record<string, unknown>) => `${String(item.pk)}|${String(item.sk)}`;
  const wanted = (found: { pk: string; sk: string }) => items.find((item) => key(item) === key(found));
  const taskItem = wanted(taskEntity.key(taskId));
  return taskItem ? taskEntity.parse(taskItem, wanted(taskEntity.token.key(taskId))) : undefined;
}

/** Its token, which every task opened by a flow has (the same transaction wrote both). */
function withToken(task: TaskRecord): TaskWithToken {
  if (!task.taskToken) throw new Error(`Task ${task.taskId} has no task token.`);
  return { ...task, taskToken: task.taskToken };
}

/** A task with its token (what answers the flow needs): both items in one consistent BatchGetItem. */
export async function readTaskWithToken(taskId: string): Promise<TaskWithToken | undefined> {
  const task = taskFrom(await batchGet([taskEntity.key(taskId), taskEntity.token.key(taskId)], { consistent: true }), taskId);
  return task && withToken(task);
}

/**
 * A task and its issue, as a change to the task needs them: one BatchGetItem when the task id names
 * its issue (shared/domain/step-identity.ts), else the task first and then its issue. `withToken`
 * (a completion) reads the task's token item in that same request.
 */
export async function readTaskWithIssue(taskId: string): Promise<{ task: TaskRecord; issue: IssueRecord }>;
export async function readTaskWithIssue(taskId: string, options: { withToken: true }): Promise<{ task: TaskWithToken; issue: IssueRecord }>;
export async function readTaskWithIssue(taskId: string, { withToken: tokenToo = false } = {}): Promise<{ task: TaskRecord; issue: IssueRecord }> {
  const missing = () => new NotFoundError(`No task ${taskId}.`);
  const tokenKeys = tokenToo ? [taskEntity.token.key(taskId)] : [];
  const named = issueIdOfTask(taskId);
  if (!named) {
    const task = tokenToo ? await readTaskWithToken(taskId) : await readTask(taskId);
    if (!task) throw missing();
    const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: issueEntity.key(task.issueId), ConsistentRead: true }));
    if (!found.Item) throw missing();
    return { task, issue: issueEntity.parse(found.Item) };
  }
  const items = await batchGet([taskEntity.key(taskId), issueEntity.key(named), ...tokenKeys], { consistent: true });
  const task = taskFrom(items, taskId);
  const issueItem = items.find((item) => item.entity === issueEntity.name);
  // A made-up id that names some issue but no task of it is as unknown as any other.
  if (!task || !issueItem || task.issueId !== named) throw missing();
  return { task: tokenToo ? withToken(task) : task, issue: issueEntity.parse(issueItem) };
}

/** An issue's tasks in the order they opened: their keys from the index, the items themselves read consistently by key. */
export async function tasksOfIssue(issueId: string): Promise<TaskRecord[]> {
  const listed = await queryAllOf(taskEntity.access.ofIssue(issueId));
  return (await batchGet(listed, { consistent: true })).map((item) => taskEntity.parse(item));
}

/** Every open or claimed task as the department queues list it (the repair checks each belongs to a waiting step). */
export async function activeTasks(): Promise<TaskListing[]> {
  const queues = await Promise.all(queueDepartments.map((department) => queryAllOf(taskEntity.access.queue(department))));
  return queues.flat().map(taskEntity.parseListing);
}
