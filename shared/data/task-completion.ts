// Completing a task: stored first (with the person's outcome, packet and note), then handed to the
// flow. Until Step Functions confirms, the completion stays on the pending-callback list; if the
// flow had already moved on, the stored state is made to agree with it and nothing typed is lost.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue, noChange, type IssueChange, type NewEvent } from '#shared/data/issue-changes.ts';
import { taskKeys } from '#shared/data/keys.ts';
import { hasPendingCallback, requireTask, transitionWrites } from '#shared/data/task-items.ts';
import { closeHolder } from '#shared/domain/clocks.ts';
import { statusFor } from '#shared/domain/issue.ts';
import { checkReroute, decisionFields, validateOutcome, type CompleteTask } from '#shared/domain/completion.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import { coordinatorByDefault } from '#shared/domain/coordinator.ts';
import { coordinatorAssigned } from '#shared/data/coordinator.ts';
import { publicTask, type Task, type TaskRecord } from '#shared/domain/task.ts';
import { assertMayComplete, assertMayRecordLateCompletion } from '#shared/domain/task-rules.ts';
import { assertMayActOnTask } from '#shared/http/authorization.ts';
import type { TaskResult } from '#shared/flows/human-step.ts';
import type { Caller } from '#shared/http/caller.ts';

export type Completion =
  | { kind: 'completed'; task: Task; callback: { taskToken: string; result: TaskResult } }
  /** The SLA had expired: the completion is kept as an event, the task stays expired. */
  | { kind: 'late'; task: Task };

export async function completeTask(taskId: string, caller: Caller, body: CompleteTask): Promise<Completion> {
  const { issueId } = await requireTask(taskId);
  return changeIssue(issueId, async (issue, now): Promise<IssueChange<Completion>> => {
    const task = await requireTask(taskId);
    // Who may act comes first: another department learns nothing about the task, not even its outcomes.
    assertMayActOnTask(caller, task);
    const { outcome, fields } = validateOutcome(task.outcomes, body);
    const entered = { taskId, step: task.step, outcome: outcome.id, fields, packet: body.packet };
    // What the person entered is recorded the same way whether or not the flow still waits for it.
    const personEntered = (type: string, data: Record<string, unknown>): NewEvent => ({
      type,
      actor: { kind: 'staff', username: caller.username },
      department: task.department,
      visibility: 'internal',
      ...(body.note ? { text: body.note } : {}),
      data,
    });
    if (task.status === 'expired') {
      assertMayRecordLateCompletion(caller, task);
      return {
        events: [personEntered('late_completion', { ...entered, explanation: 'Entered after the step’s SLA expired; kept in the history, not sent to the flow.' })],
        result: { kind: 'late', task: publicTask(task) },
      };
    }
    assertMayComplete(caller, task);
    checkReroute(task.department, outcome.id, fields);
    const result: TaskResult = { taskId, outcome: outcome.id, fields: decisionFields(outcome, fields), department: task.department, completedBy: caller.username };
    const next: TaskRecord = { ...task, status: 'completed', closedAt: now, callbackResult: result, completedFields: fields };
    const closed = closeHolder(issue, taskId, now);
    // The next holder reads this first (copied onto the next task as it opens).
    const latestHandoff = handoffs.staff(now, body.packet, { taskId, step: task.step, department: task.department, by: caller.username });
    const coordinator = coordinatorByDefault(issue, { step: task.step, outcome: outcome.id, username: caller.username }, now);
    return {
      events: [personEntered('task_completed', entered), ...(coordinator ? [coordinatorAssigned(coordinator, task.step)] : [])],
      set: { ...closed, status: statusFor(issue, closed.holders), latestHandoff, ...(coordinator ? { coordinator } : {}) },
      writes: transitionWrites(next, task, { pendingCallbackSince: now }),
      result: { kind: 'completed', task: publicTask(next), callback: { taskToken: task.taskToken, result } },
    };
  });
}

/** Step Functions accepted the callback: the completion leaves the pending list. */
export async function confirmCallback(taskId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: taskKeys.task(taskId),
      UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'gsi2pk = :pending',
      ExpressionAttributeValues: { ':pending': taskKeys.pendingCallbacks },
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}

/** Baton's own record of how a stored completion was settled with the flow, in the issue's history. */
function settlementEvent(task: TaskRecord, type: 'late_completion' | 'completion_confirmed', data: Record<string, unknown>): NewEvent {
  return {
    type,
    actor: { kind: 'system' },
    department: task.department,
    visibility: 'internal',
    data: { taskId: task.taskId, step: task.step, outcome: task.callbackResult?.outcome, ...data },
  };
}

/** The change that records a completion the flow never took: the task ends expired, as the flow saw it. */
export function undeliveredCompletionChange(task: TaskRecord): IssueChange<Task> {
  const next: TaskRecord = { ...task, status: 'expired' };
  return {
    events: [
      settlementEvent(task, 'late_completion', {
        completedBy: task.callbackResult?.completedBy,
        explanation: 'Completed, but the flow had already moved on (SLA expired or execution ended); the completion stays in the history.',
      }),
    ],
    writes: transitionWrites(next, task, { requirePendingCallback: true }),
    result: publicTask(next),
  };
}

/**
 * The flow's history shows it took this completion, though the confirmation never got stored (a
 * crash between the callback and `confirmCallback`): the task stays completed, and the repair is
 * an event in the issue's history.
 */
export async function settleTakenCompletion(taskId: string): Promise<void> {
  const { issueId } = await requireTask(taskId);
  await changeIssue(issueId, async () => {
    const task = await requireTask(taskId);
    if (!hasPendingCallback(task)) return noChange(undefined);
    return {
      events: [
        settlementEvent(task, 'completion_confirmed', {
          explanation: 'The flow had taken this completion before a restart; confirmed from its execution history.',
        }),
      ],
      // Same state, off the pending-callback list: no pendingCallbackSince.
      writes: transitionWrites(task, task, { requirePendingCallback: true }),
      result: undefined,
    };
  });
}

/** Step Functions did not take this completion (its history shows no success with it). */
export async function settleUndeliveredCompletion(taskId: string): Promise<void> {
  const { issueId } = await requireTask(taskId);
  await changeIssue(issueId, async () => {
    const task = await requireTask(taskId);
    return hasPendingCallback(task) ? undeliveredCompletionChange(task) : noChange(undefined);
  });
}

