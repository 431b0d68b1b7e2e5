// Tasks opened and moved by people and by the flow: opened by a human step, claimed by exactly one
// person, released, or closed by the flow. Every transition is an issue change (issue-changes.ts).
import { createHash } from 'node:crypto';
import { changeIssue, noChange } from '#shared/data/issue-changes.ts';
import { hasPendingCallback, requireTask, readTask, tasksOfIssue, transitionWrites } from '#shared/data/task-items.ts';
import { undeliveredCompletionChange } from '#shared/data/task-completion.ts';
import { returnToAsker } from '#shared/data/return-to-asker.ts';
import { addHolder, closeHolder } from '#shared/domain/clocks.ts';
import { statusFor } from '#shared/domain/issue.ts';
import { isActive, publicTask, type Task, type TaskRecord, type TaskStatus } from '#shared/domain/task.ts';
import { assertMayRelease, claimDecision } from '#shared/domain/task-rules.ts';
import { effectiveDepartment, type HumanStepPayload } from '#shared/flows/human-step.ts';
import type { Caller } from '#shared/http/caller.ts';

/** Deterministic per execution + state + entry + attempt, so a re-run step opens no second task. */
export function taskIdFor(step: Pick<HumanStepPayload, 'executionArn' | 'stateName' | 'enteredAt' | 'attempt'>): string {
  const digest = createHash('sha256').update(`${step.executionArn}|${step.stateName}|${step.enteredAt}|${step.attempt}`).digest('base64url');
  return `tsk-${digest.slice(0, 26)}`;
}

/**
 * Called by a flow's human step: puts a task in its department's queue (idempotent). The repair
 * calls it with `restored` for a step the flow waits on whose task item is missing: the same task id,
 * due when the flow's own timer fires (from the step's entry), and the repair recorded as an event.
 */
export async function openTask(step: HumanStepPayload, slaSeconds: number, { restored = false } = {}): Promise<Task> {
  const taskId = taskIdFor(step);
  return changeIssue(step.issueId, async (issue, now) => {
    const existing = await readTask(taskId);
    if (existing) return noChange(publicTask(existing));
    const department = effectiveDepartment(step);
    // The customer answered this step's question: the task goes back to whoever asked, held by them.
    const asker = restored ? undefined : await returnToAsker(step.issueId, step.step, department, taskId);
    const task: TaskRecord = {
      taskId,
      issueId: step.issueId,
      flowId: step.flowId,
      step: step.step,
      stepName: step.stepName,
      department,
      homeDepartment: step.department,
      status: asker ? 'claimed' : 'open',
      ...(asker ? { claimedBy: asker.username } : {}),
      createdAt: now,
      dueAt: new Date(Date.parse(restored ? step.enteredAt : now) + slaSeconds * 1000).toISOString(),
      outcomes: step.outcomes,
      ...(issue.latestHandoff ? { handoff: issue.latestHandoff } : {}),
      taskToken: step.taskToken,
      executionArn: step.executionArn,
      stateName: step.stateName,
      attempt: step.attempt,
    };
    const holders = addHolder(issue, { department, since: now, taskId });
    return {
      events: [
        {
          type: 'task_opened',
          actor: { kind: 'system' },
          department,
          visibility: 'internal',
          data: { taskId, step: step.step, stepName: step.stepName, dueAt: task.dueAt, ...(department !== step.department ? { homeDepartment: step.department } : {}) },
        },
        ...(asker
          ? [
              {
                type: 'task_returned_to_asker',
                actor: { kind: 'system' as const },
                department,
                visibility: 'internal' as const,
                data: { taskId, step: step.step, username: asker.username },
              },
            ]
          : []),
        ...(restored
          ? [
              {
                type: 'task_restored',
                actor: { kind: 'system' as const },
                department,
                visibility: 'internal' as const,
                data: { taskId, step: step.step, explanation: 'The flow was waiting on this step but its task was missing; opened again by the repair.' },
              },
            ]
          : []),
      ],
      set: { holders, path: [...issue.path, step.step], status: statusFor(issue, holders) },
      writes: [...transitionWrites(task, undefined), ...(asker ? [asker.write] : [])],
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

/**
 * The flow ended a step without a person (SLA breach, cancelled branch): close its active task. The
 * repair calls it with `repaired` for a task whose execution no longer waits on it (the flow's own
 * close was lost in a crash), and records that as an event.
 */
export async function closeTaskByFlow(
  issueId: string,
  stateName: string,
  status: Extract<TaskStatus, 'expired' | 'cancelled'>,
  { repaired = false } = {},
): Promise<Task | undefined> {
  return changeIssue(issueId, async (issue, now) => {
    const tasks = (await tasksOfIssue(issueId)).filter((candidate) => candidate.stateName === stateName);
    const task = tasks.find((candidate) => isActive(candidate.status));
    if (!task) {
      // A person's completion was stored but had not reached the flow when it gave up on the step.
      const undelivered = tasks.find(hasPendingCallback);
      return undelivered ? undeliveredCompletionChange(undelivered) : noChange(undefined);
    }
    const { claimedBy, ...rest } = task;
    const next: TaskRecord = { ...rest, status, closedAt: now, ...(claimedBy ? { heldBy: claimedBy } : {}) };
    const closed = closeHolder(issue, task.taskId, now);
    return {
      events: [
        {
          type: status === 'expired' ? 'sla_breached' : 'task_cancelled',
          actor: { kind: 'system' },
          department: task.department,
          visibility: 'internal',
          data: { taskId: task.taskId, step: task.step, dueAt: task.dueAt, ...(claimedBy ? { heldBy: claimedBy } : {}) },
        },
        ...(repaired
          ? [
              {
                type: 'task_closed_by_repair',
                actor: { kind: 'system' as const },
                department: task.department,
                visibility: 'internal' as const,
                data: { taskId: task.taskId, step: task.step, explanation: 'The flow no longer waited on this task; closed by the repair.' },
              },
            ]
          : []),
      ],
      set: { ...closed, status: statusFor(issue, closed.holders) },
      writes: transitionWrites(next, task),
      result: publicTask(next),
    };
  });
}
