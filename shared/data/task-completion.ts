// Completing a task: stored first (with the person's outcome, packet and note), then handed to the
// flow. Until Step Functions confirms, the completion stays on the pending-callback list; if the
// flow had already moved on, the stored state is made to agree with it and nothing typed is lost.
// What each step does is decided in shared/domain/transitions/tasks.ts.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { runChange } from '#shared/data/issue-changes.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { readTaskWithIssue } from '#shared/data/task-items.ts';
import type { CompleteTask } from '#shared/domain/completion.ts';
import type { Caller } from '#shared/domain/staff.ts';
import { completeTask as complete, confirmTakenCompletion, settleUndeliveredCompletion as settleUndelivered, type Completion } from '#shared/domain/transitions/tasks.ts';

export type { Completion } from '#shared/domain/transitions/tasks.ts';

export async function completeTask(taskId: string, caller: Caller, body: CompleteTask): Promise<Completion> {
  // The token is read in the same request as the task and its issue: the completion hands it to the flow.
  return runChange({ read: () => readTaskWithIssue(taskId, { withToken: true }), decide: ({ issue, task }, now) => complete(issue, task, { caller, body }, now) });
}

/** Step Functions accepted the callback: the completion leaves the pending list. */
export async function confirmCallback(taskId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: taskEntity.key(taskId),
      UpdateExpression: taskEntity.leavePendingCallbackList,
      ConditionExpression: taskEntity.onPendingCallbackList.condition,
      ExpressionAttributeValues: taskEntity.onPendingCallbackList.values,
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}

/**
 * The flow's history shows it took this completion, though the confirmation never got stored (a
 * crash between the callback and `confirmCallback`): the task stays completed, and the repair is
 * an event in the issue's history.
 */
export async function settleTakenCompletion(taskId: string): Promise<void> {
  await runChange({ read: () => readTaskWithIssue(taskId), decide: ({ task }) => confirmTakenCompletion(task) });
}

/** Step Functions did not take this completion (its history shows no success with it). */
export async function settleUndeliveredCompletion(taskId: string): Promise<void> {
  await runChange({ read: () => readTaskWithIssue(taskId), decide: ({ task }) => settleUndelivered(task) });
}
