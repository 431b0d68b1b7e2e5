// The task item in the table: its index keys derived from its state, and guarded writes.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '#shared/data/query-all.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { taskKeys } from '#shared/data/keys.ts';
import { stepStatsWrite, transitionDeltas } from '#shared/data/step-stats.ts';
import { isActive, queueDepartments, type TaskRecord } from '#shared/domain/task.ts';
import { notFound } from '#shared/http/errors.ts';

const indexAttributes = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];

/** The stored item; index keys are derived from the task's state every time, never carried over. */
function taskItem(task: TaskRecord, pendingCallbackSince?: string): Record<string, unknown> {
  const active = isActive(task.status);
  const record = Object.fromEntries(Object.entries(task).filter(([name]) => !indexAttributes.includes(name)));
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

export interface TransitionOptions {
  /** Keeps the task on the pending-callback list until Step Functions confirms the completion. */
  pendingCallbackSince?: string;
  /** Also require that the task was still waiting for its callback to be confirmed. */
  requirePendingCallback?: boolean;
}

/** Writes the task's new state only if it is still in the state the decision was made on, and moves the step figures. */
export function transitionWrites(next: TaskRecord, previous: TaskRecord | undefined, options: TransitionOptions = {}): TransactItem[] {
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
  return [put, ...stepStatsWrite(next.flowId, next.step, transitionDeltas(previous?.status, next.status))];
}

export async function readTask(taskId: string): Promise<TaskRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: taskKeys.task(taskId), ConsistentRead: true }));
  return found.Item as TaskRecord | undefined;
}

export async function requireTask(taskId: string): Promise<TaskRecord> {
  const task = await readTask(taskId);
  if (!task) throw notFound(`No task ${taskId}.`);
  return task;
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
  return (result.Items ?? []) as TaskRecord[];
}

export const hasPendingCallback = (task: TaskRecord) => task.status === 'completed' && task.gsi2pk === taskKeys.pendingCallbacks;

/** Every open or claimed task, from the department queues (the repair checks each belongs to a waiting step). */
export async function activeTasks(): Promise<TaskRecord[]> {
  const queues = await Promise.all(
    queueDepartments.map((department) =>
      queryAll({ TableName: config.tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': taskKeys.queue(department) } }),
    ),
  );
  return queues.flat() as unknown as TaskRecord[];
}
