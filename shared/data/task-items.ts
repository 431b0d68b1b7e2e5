// The task item in the table: its index keys derived from its state, and guarded writes.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#shared/data/batch-get.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { taskEntity, type TaskListing } from '#shared/data/entities/task.ts';
import { stepStatsWrite, transitionDeltas } from '#shared/data/step-stats.ts';
import { queueDepartments, type TaskRecord } from '#shared/domain/task.ts';
import { notFound } from '#shared/http/errors.ts';

export interface TransitionOptions {
  /** Keeps the task on the pending-callback list until Step Functions confirms the completion. */
  pendingCallbackSince?: string;
  /** Also require that the task was still waiting for its callback to be confirmed. */
  requirePendingCallback?: boolean;
}

/** Writes the task's new state only if it is still in the state the decision was made on, and moves the step figures. */
export function transitionWrites(next: TaskRecord, previous: TaskRecord | undefined, options: TransitionOptions = {}): TransactItem[] {
  const condition = previous
    ? `#status = :previous${options.requirePendingCallback ? ` AND ${taskEntity.onPendingCallbackList.condition}` : ''}`
    : 'attribute_not_exists(pk)';
  const put: TransactItem = {
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
  return [put, ...stepStatsWrite(next.flowId, next.step, transitionDeltas(previous?.status, next.status))];
}

export async function readTask(taskId: string): Promise<TaskRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: taskEntity.key(taskId), ConsistentRead: true }));
  return found.Item ? taskEntity.parse(found.Item) : undefined;
}

export async function requireTask(taskId: string): Promise<TaskRecord> {
  const task = await readTask(taskId);
  if (!task) throw notFound(`No task ${taskId}.`);
  return task;
}

/** An issue's tasks in the order they opened: their keys from the index, the items themselves read consistently by key. */
export async function tasksOfIssue(issueId: string): Promise<TaskRecord[]> {
  const listed = await queryAllOf(taskEntity.access.ofIssue(issueId));
  return (await batchGet(listed, { consistent: true })).map(taskEntity.parse);
}

export const hasPendingCallback = (task: TaskRecord) => task.status === 'completed' && task.callbackPending === true;

/** Every open or claimed task as the department queues list it (the repair checks each belongs to a waiting step). */
export async function activeTasks(): Promise<TaskListing[]> {
  const queues = await Promise.all(queueDepartments.map((department) => queryAllOf(taskEntity.access.queue(department))));
  return queues.flat().map(taskEntity.parseListing);
}
