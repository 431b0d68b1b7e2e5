// Tasks in DynamoDB: opened by a flow's human step, claimed by exactly one person, released,
// completed once, or expired by the flow. Every transition is an issue change (see issue-changes.ts).
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue, noChange, type TransactItem } from '#shared/data/issue-changes.ts';
import { taskKeys } from '#shared/data/keys.ts';
import { stepStatsWrite, transitionDeltas } from '#shared/data/step-stats.ts';
import { addHolder, closeHolder } from '#shared/domain/clocks.ts';
import { isActive, publicTask, type Task, type TaskRecord, type TaskStatus } from '#shared/domain/task.ts';
import { assertMayComplete, assertMayRelease, claimDecision } from '#shared/domain/task-rules.ts';
import { validateOutcome, type CompleteTask } from '#shared/domain/completion.ts';
import type { HumanStepPayload, TaskResult } from '#shared/flows/human-step.ts';
import type { Caller } from '#shared/http/caller.ts';
import { notFound } from '#shared/http/errors.ts';

/** Deterministic per execution + state + entry + attempt, so a re-run step opens no second task. */
export function taskIdFor(step: Pick<HumanStepPayload, 'executionArn' | 'stateName' | 'enteredAt' | 'attempt'>): string {
  const digest = createHash('sha256').update(`${step.executionArn}|${step.stateName}|${step.enteredAt}|${step.attempt}`).digest('base64url');
  return `tsk-${digest.slice(0, 26)}`;
}

const indexAttributes = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];

/** The stored item; index keys are derived from the task's state every time, never carried over. */
function taskItem(task: TaskRecord): Record<string, unknown> {
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
  };
}

/** Replaces the task item only if it is still in the state the decision was made on. */
function putTask(task: TaskRecord, previous: TaskRecord | undefined, extra: Record<string, unknown> = {}): TransactItem {
  return {
    Put: {
      TableName: config.tableName(),
      Item: { ...taskItem(task), ...extra },
      ConditionExpression: previous ? '#status = :previous' : 'attribute_not_exists(pk)',
      ExpressionAttributeNames: previous ? { '#status': 'status' } : undefined,
      ExpressionAttributeValues: previous ? { ':previous': previous.status } : undefined,
    },
  };
}

function transitionWrites(next: TaskRecord, previous: TaskRecord | undefined, extra?: Record<string, unknown>): TransactItem[] {
  return [putTask(next, previous, extra), ...stepStatsWrite(next.flowId, next.step, transitionDeltas(previous?.status, next.status))];
}

export async function readTask(taskId: string): Promise<TaskRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: taskKeys.task(taskId), ConsistentRead: true }));
  return found.Item as TaskRecord | undefined;
}

async function requireTask(taskId: string): Promise<TaskRecord> {
  const task = await readTask(taskId);
  if (!task) throw notFound(`No task ${taskId}.`);
  return task;
}

/** Called by a flow's human step: puts a task in its department's queue (idempotent). */
export async function openTask(step: HumanStepPayload, slaSeconds: number): Promise<Task> {
  const taskId = taskIdFor(step);
  return changeIssue(step.issueId, async (issue, now) => {
    const existing = await readTask(taskId);
    if (existing) return noChange(publicTask(existing));
    const task: TaskRecord = {
      taskId,
      issueId: step.issueId,
      flowId: step.flowId,
      step: step.step,
      stepName: step.stepName,
      department: step.department,
      status: 'open',
      createdAt: now,
      dueAt: new Date(Date.parse(now) + slaSeconds * 1000).toISOString(),
      outcomes: step.outcomes,
      taskToken: step.taskToken,
      executionArn: step.executionArn,
      stateName: step.stateName,
      attempt: step.attempt,
    };
    return {
      events: [
        {
          type: 'task_opened',
          actor: { kind: 'system' },
          department: step.department,
          visibility: 'internal',
          data: { taskId, step: step.step, stepName: step.stepName, dueAt: task.dueAt },
        },
      ],
      set: {
        holders: addHolder(issue, { department: step.department, since: now, taskId }),
        path: [...issue.path, step.step],
        ...(issue.status === 'closed' ? {} : { status: step.department === 'management' ? 'escalated' : 'open' }),
      },
      writes: transitionWrites(task, undefined),
      result: publicTask(task),
    };
  });
}

export async function claimTask(taskId: string, caller: Caller): Promise<Task> {
  const { issueId } = await requireTask(taskId);
  return changeIssue(issueId, async () => {
    const task = await requireTask(taskId);
    if (claimDecision(caller, task) === 'keep') return noChange(publicTask(task));
    const next: TaskRecord = { ...task, status: 'claimed', claimedBy: caller.username };
    return {
      events: [{ type: 'task_claimed', actor: { kind: 'staff', username: caller.username }, department: task.department, visibility: 'internal', data: { taskId, step: task.step } }],
      writes: transitionWrites(next, task),
      result: publicTask(next),
    };
  });
}

export async function releaseTask(taskId: string, caller: Caller): Promise<Task> {
  const { issueId } = await requireTask(taskId);
  return changeIssue(issueId, async () => {
    const task = await requireTask(taskId);
    assertMayRelease(caller, task);
    const { claimedBy, ...rest } = task;
    const next: TaskRecord = { ...rest, status: 'open' };
    return {
      events: [
        {
          type: 'task_released',
          actor: { kind: 'staff', username: caller.username },
          department: task.department,
          visibility: 'internal',
          data: { taskId, step: task.step, heldBy: claimedBy },
        },
      ],
      writes: transitionWrites(next, task),
      result: publicTask(next),
    };
  });
}

export interface Completion {
  task: Task;
  /** For the Step Functions callback, which the caller sends after the commit. */
  callback: { taskToken: string; result: TaskResult };
}

/** The holder completes the task; the completion stays marked pending until its callback is confirmed. */
export async function completeTask(taskId: string, caller: Caller, body: CompleteTask): Promise<Completion> {
  const { issueId } = await requireTask(taskId);
  return changeIssue(issueId, async (issue, now) => {
    const task = await requireTask(taskId);
    assertMayComplete(caller, task);
    const { outcome, fields } = validateOutcome(task.outcomes, body);
    const next: TaskRecord = { ...task, status: 'completed', closedAt: now };
    const result: TaskResult = { taskId, outcome: outcome.id, fields, department: task.department, completedBy: caller.username };
    return {
      events: [
        {
          type: 'task_completed',
          actor: { kind: 'staff', username: caller.username },
          department: task.department,
          visibility: 'internal',
          ...(body.note ? { text: body.note } : {}),
          data: { taskId, step: task.step, outcome: outcome.id, fields, packet: body.packet },
        },
      ],
      set: closeHolder(issue, taskId, now),
      writes: transitionWrites(next, task, { gsi2pk: taskKeys.pendingCallbacks, gsi2sk: `${now}#${taskId}` }),
      result: { task: publicTask(next), callback: { taskToken: task.taskToken, result } },
    };
  });
}

/** Step Functions accepted the callback: the completion is no longer pending. */
export async function confirmCallback(taskId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({ TableName: config.tableName(), Key: taskKeys.task(taskId), UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }),
  );
}

/** The flow ended a step without a person (SLA breach, cancelled branch): close its active task. */
export async function closeTaskByFlow(
  issueId: string,
  stateName: string,
  status: Extract<TaskStatus, 'expired' | 'cancelled'>,
): Promise<Task | undefined> {
  return changeIssue(issueId, async (issue, now) => {
    const task = (await tasksOfIssue(issueId)).find((candidate) => candidate.stateName === stateName && isActive(candidate.status));
    if (!task) return noChange(undefined);
    const { claimedBy, ...rest } = task;
    const next: TaskRecord = { ...rest, status, closedAt: now };
    return {
      events: [
        {
          type: status === 'expired' ? 'sla_breached' : 'task_cancelled',
          actor: { kind: 'system' },
          department: task.department,
          visibility: 'internal',
          data: { taskId: task.taskId, step: task.step, dueAt: task.dueAt, ...(claimedBy ? { heldBy: claimedBy } : {}) },
        },
      ],
      set: closeHolder(issue, task.taskId, now),
      writes: transitionWrites(next, task),
      result: publicTask(next),
    };
  });
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
