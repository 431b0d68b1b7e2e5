// Completing a task: stored first (with the person's outcome, packet and note), then handed to the
// flow. Until Step Functions confirms, the completion stays on the pending-callback list; if the
// flow had already moved on, the stored state is made to agree with it and nothing typed is lost.
// What each step does is decided in shared/domain/transitions/tasks.ts.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { runChange, type IssueChange } from '#shared/data/issue-changes.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { readTaskWithIssue } from '#shared/data/task-items.ts';
import type { CompleteTask } from '#shared/domain/completion.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { Caller } from '#shared/domain/staff.ts';
import { stepsOpenedAfter } from '#shared/flows/parallel-openings.ts';
import { completeTask as complete, confirmTakenCompletion, settleUndeliveredCompletion as settleUndelivered, type Completion } from '#shared/domain/transitions/tasks.ts';

export type { Completion } from '#shared/domain/transitions/tasks.ts';

export async function completeTask(taskId: string, caller: Caller, body: CompleteTask): Promise<Completion> {
  return runChange({
    read: () => readTaskWithIssue(taskId),
    decide: ({ issue, task }, now) => {
      const change = complete(issue, task, { caller, body }, now);
      if (change.result.kind !== 'completed') return change;
      // An outcome that opens several steps at once: the first of those openings confirms the callback
      // in its own transaction (they run only once the flow took it), so the completion does not.
      const opens = stepsOpenedAfter(issue, task, change.result.callback.result.outcome);
      if (opens.length === 0) return change;
      return {
        ...change,
        set: { ...change.set, callbackPending: { taskId: task.taskId, executionArn: task.executionArn, opens } },
        result: { ...change.result, confirmedByOpenings: true as const },
      };
    },
  });
}

/**
 * An opening of one of the steps a completion opens together (same execution): takes that completion
 * off the pending-callback list in the opening's transaction, and the issue's note of it away. The
 * task exists (its completion wrote it) and is completed: the update only removes its list keys.
 */
export function confirmedByOpening(issue: IssueRecord, step: { executionArn: string; step: string }): Pick<IssueChange<unknown>, 'remove' | 'writes'> {
  const pending = issue.callbackPending;
  if (!pending || pending.executionArn !== step.executionArn || !pending.opens.includes(step.step)) return {};
  return {
    remove: ['callbackPending'],
    writes: [
      {
        Update: {
          TableName: config.tableName(),
          Key: taskEntity.key(pending.taskId),
          UpdateExpression: taskEntity.leavePendingCallbackList,
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
    ],
  };
}

/** A repair that settled the completion the issue notes as confirmed by its openings: the note goes too. */
const withoutPendingNote = <Result>(issue: IssueRecord, taskId: string, change: IssueChange<Result>): IssueChange<Result> =>
  issue.callbackPending?.taskId === taskId && change.events.length > 0 ? { ...change, remove: [...(change.remove ?? []), 'callbackPending'] } : change;

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
export async function settleTakenCompletion(taskId: string): Promise<boolean> {
  return runChange({
    read: () => readTaskWithIssue(taskId),
    decide: ({ issue, task }) => {
      const change = withoutPendingNote(issue, taskId, confirmTakenCompletion(task));
      // False: no longer pending, as the steps it opened confirmed it meanwhile (a restart replays them).
      return { ...change, result: change.events.length > 0 };
    },
  });
}

/** Step Functions did not take this completion (its history shows no success with it). */
export async function settleUndeliveredCompletion(taskId: string): Promise<void> {
  await runChange({ read: () => readTaskWithIssue(taskId), decide: ({ issue, task }) => withoutPendingNote(issue, taskId, settleUndelivered(task)) });
}
