// A task's life as pure transitions: opened by a flow's human step, claimed by exactly one person,
// released, completed, or closed by the flow (SLA breach, cancelled branch, repair). Each takes the
// current state, the input and the time and returns the change (shared/domain/change.ts); who may act
// is checked once, first, so another department learns nothing about the task's state.
import { addHolder, closeHolder } from '#shared/domain/clocks.ts';
import { moveTask, noChange, type Change, type NewEvent } from '#shared/domain/change.ts';
import { coordinatorAssigned, coordinatorByDefault } from '#shared/domain/coordinator.ts';
import { checkReroute, decisionFields, validateOutcome, type CompleteTask } from '#shared/domain/completion.ts';
import { AlreadyClaimedError, InvalidTransitionError } from '#shared/domain/errors.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import { outcomesForHolder } from '#shared/domain/holder-outcomes.ts';
import { statusFor, type IssueRecord } from '#shared/domain/issue.ts';
import { recordFlowStarted } from '#shared/domain/transitions/issue.ts';
import { assertMayActOnTask, isManager, type Caller } from '#shared/domain/staff.ts';
import { taskIdFor } from '#shared/domain/step-identity.ts';
import { isActive, publicTask, type Task, type TaskRecord, type TaskStatus } from '#shared/domain/task.ts';
import { effectiveDepartment, stepDisplayName, type HumanStepPayload, type TaskResult } from '#shared/flows/human-step.ts';

const finished = () => new InvalidTransitionError('task_closed', 'This task is already finished.');

/**
 * A flow's human step puts a task in its department's queue; `restored`: the repair re-opens a missing
 * one. The issue's first task also records the flow version its execution runs on (from the step's
 * payload) and that the execution runs: no step or write of their own.
 */
export function openTask(
  issue: IssueRecord,
  input: { step: HumanStepPayload; slaSeconds: number; restored?: boolean; returnTo?: string | undefined },
  now: string,
): Change<Task> {
  const { step, slaSeconds, restored = false, returnTo } = input;
  const taskId = taskIdFor(step);
  const department = effectiveDepartment(step);
  const task: TaskRecord = {
    taskId,
    issueId: step.issueId,
    flowId: step.flowId,
    step: step.step,
    stepName: stepDisplayName(step),
    department,
    homeDepartment: step.department,
    // `returnTo`: the customer answered this step's question; the task goes back to whoever asked, held by them (return-to-asker.ts).
    ...(returnTo ? { status: 'claimed' as const, claimedBy: returnTo, claimedAt: now } : { status: 'open' as const }),
    createdAt: now,
    // A restored task is due when the flow's own timer fires: from the step's entry.
    dueAt: new Date(Date.parse(restored ? step.enteredAt : now) + slaSeconds * 1000).toISOString(),
    // What the holder may choose: after a reroute, not what the flow keeps for the step's home department.
    outcomes: outcomesForHolder(step.outcomes, { holder: department, reroutesSoFar: issue.reroutes ?? 0 }),
    ...(issue.latestHandoff ? { handoff: issue.latestHandoff } : {}),
    taskToken: step.taskToken,
    executionArn: step.executionArn,
    stateName: step.stateName,
    attempt: step.attempt,
  };
  const holders = addHolder(issue, { department, since: now, taskId });
  const system = { kind: 'system' } as const;
  const started = step.flowVersion === undefined ? noChange(undefined) : recordFlowStarted(issue, { flowVersion: step.flowVersion }, now);
  return {
    events: [
      ...started.events,
      {
        type: 'task_opened',
        actor: system,
        department,
        visibility: 'internal',
        data: { taskId, step: step.step, stepName: task.stepName, dueAt: task.dueAt, ...(department !== step.department ? { homeDepartment: step.department } : {}) },
      },
      ...(returnTo
        ? [{ type: 'task_returned_to_asker' as const, actor: system, department, visibility: 'internal' as const, data: { taskId, step: step.step, username: returnTo } }]
        : []),
      ...(restored
        ? [
            {
              type: 'task_restored' as const,
              actor: system,
              department,
              visibility: 'internal' as const,
              data: { taskId, step: step.step, explanation: 'The flow was waiting on this step but its task was missing; opened again by the repair.' },
            },
          ]
        : []),
    ],
    set: { ...started.set, holders, path: [...issue.path, step.step], status: statusFor(issue, holders) },
    ...moveTask({ next: task }, started.figures ?? {}),
    ...(issue.executionArn ? {} : { executionConfirmed: step.executionArn }),
    result: publicTask(task),
  };
}

/** The caller takes the task as its only holder; claiming a task one already holds changes nothing. */
export function claimTask(task: TaskRecord, caller: Caller, now: string): Change<Task> {
  assertMayActOnTask(caller, task);
  if (!isActive(task.status)) throw finished();
  if (task.status === 'claimed') {
    if (task.claimedBy === caller.username) return noChange(publicTask(task));
    throw new AlreadyClaimedError();
  }
  const next: TaskRecord = { ...task, status: 'claimed', claimedBy: caller.username, claimedAt: task.claimedAt ?? now };
  // A first claim says when the task opened: the step's wait before claim (figure-deltas.ts).
  const firstClaim = task.claimedAt ? {} : { openedAt: task.createdAt };
  return {
    events: [
      { type: 'task_claimed', actor: { kind: 'staff', username: caller.username }, department: task.department, visibility: 'internal', data: { taskId: task.taskId, step: task.step, ...firstClaim } },
    ],
    ...moveTask({ next, previous: task }),
    result: publicTask(next),
  };
}

/** The holder (or a manager) puts the task back in its queue. */
export function releaseTask(task: TaskRecord, caller: Caller): Change<Task> {
  assertMayActOnTask(caller, task);
  if (!isActive(task.status)) throw finished();
  if (task.status !== 'claimed') throw new InvalidTransitionError('not_claimed', 'Nobody holds this task.');
  if (task.claimedBy !== caller.username && !isManager(caller)) throw new InvalidTransitionError('not_claimed', 'Only its holder or a manager may release this task.');
  const { claimedBy, ...rest } = task;
  const next: TaskRecord = { ...rest, status: 'open' };
  return {
    events: [
      { type: 'task_released', actor: { kind: 'staff', username: caller.username }, department: task.department, visibility: 'internal', data: { taskId: task.taskId, step: task.step, heldBy: claimedBy } },
    ],
    ...moveTask({ next, previous: task }),
    result: publicTask(next),
  };
}

export type Completion =
  /** `confirmedByOpenings`: the steps it opens take it off the pending-callback list (shared/flows/parallel-openings.ts). */
  | { kind: 'completed'; task: Task; callback: { taskToken: string; result: TaskResult }; confirmedByOpenings?: true }
  /** The SLA had expired: the completion is kept as an event, the task stays expired. */
  | { kind: 'late'; task: Task };

/**
 * The holder finishes the task with an outcome, its fields and a handoff packet: stored first, then
 * handed to the flow (`callback`). After the SLA expired, only the person who held the claim may still
 * record what they did: kept in the history, not sent to the flow; for anyone else the task is closed.
 */
export function completeTask(issue: IssueRecord, task: TaskRecord, input: { caller: Caller; body: CompleteTask }, now: string): Change<Completion> {
  const { caller, body } = input;
  // Who may act comes first: another department learns nothing about the task, not even its outcomes.
  assertMayActOnTask(caller, task);
  const { outcome, fields } = validateOutcome(task.outcomes, body);
  const entered = { taskId: task.taskId, step: task.step, outcome: outcome.id, fields, packet: body.packet };
  // What the person entered is recorded the same way whether or not the flow still waits for it.
  const personEntered = {
    actor: { kind: 'staff', username: caller.username },
    department: task.department,
    visibility: 'internal',
    ...(body.note ? { text: body.note } : {}),
  } as const;
  if (task.status === 'expired') {
    if (task.heldBy !== caller.username) throw finished();
    return {
      events: [{ type: 'late_completion', ...personEntered, data: { ...entered, explanation: 'Entered after the step’s SLA expired; kept in the history, not sent to the flow.' } }],
      result: { kind: 'late', task: publicTask(task) },
    };
  }
  if (!isActive(task.status)) throw finished();
  if (task.status !== 'claimed' || task.claimedBy !== caller.username) throw new InvalidTransitionError('not_claimed', 'Claim this task before completing it.');
  checkReroute(task.department, outcome.id, fields);
  const result: TaskResult = { taskId: task.taskId, outcome: outcome.id, fields: decisionFields(outcome, fields), department: task.department, completedBy: caller.username };
  const next: TaskRecord = { ...task, status: 'completed', closedAt: now, callbackResult: result, completedFields: fields };
  const closed = closeHolder(issue, task.taskId, now);
  // The next holder reads this first (copied onto the next task as it opens).
  const latestHandoff = handoffs.staff(now, body.packet, { taskId: task.taskId, step: task.step, department: task.department, by: caller.username });
  // The first person to complete the issue's first step becomes its coordinator (shared/domain/coordinator.ts).
  const coordinator = coordinatorByDefault(issue, { step: task.step, outcome: outcome.id, username: caller.username }, now);
  return {
    // When it opened, was claimed and was due: the step's work time and SLA (figure-deltas.ts).
    events: [
      { type: 'task_completed', ...personEntered, data: { ...entered, openedAt: task.createdAt, dueAt: task.dueAt, ...(task.claimedAt ? { claimedAt: task.claimedAt } : {}) } },
      ...(coordinator ? [coordinatorAssigned(coordinator, task.step)] : []),
    ],
    set: { ...closed, status: statusFor(issue, closed.holders), latestHandoff, ...(coordinator ? { coordinator } : {}) },
    ...moveTask({ next, previous: task, pendingCallbackSince: now }),
    result: { kind: 'completed', task: publicTask(next), callback: { taskToken: task.taskToken, result } },
  };
}

/**
 * The flow ended a step without a person: `expired` (an SLA breach) or `cancelled` (a branch that no
 * longer matters). `repaired`: the repair closes a task its execution no longer waits on. `tasks` are
 * the issue's tasks of that state; a completion stored but not yet taken by the flow ends as a late one.
 */
export function closeTaskByFlow(
  issue: IssueRecord,
  input: { tasks: TaskRecord[]; status: Extract<TaskStatus, 'expired' | 'cancelled'>; repaired?: boolean },
  now: string,
): Change<Task | undefined> {
  const { status, repaired = false } = input;
  const task = input.tasks.find((candidate) => isActive(candidate.status));
  if (!task) {
    const undelivered = input.tasks.find(awaitsCallbackConfirmation);
    return undelivered ? undeliveredCompletion(undelivered) : noChange(undefined);
  }
  const { claimedBy, ...rest } = task;
  const next: TaskRecord = { ...rest, status, closedAt: now, ...(claimedBy ? { heldBy: claimedBy } : {}) };
  const closed = closeHolder(issue, task.taskId, now);
  const system = { kind: 'system' } as const;
  return {
    events: [
      {
        type: status === 'expired' ? ('sla_breached' as const) : ('task_cancelled' as const),
        actor: system,
        department: task.department,
        visibility: 'internal',
        data: { taskId: task.taskId, step: task.step, dueAt: task.dueAt, ...(claimedBy ? { heldBy: claimedBy } : {}) },
      },
      ...(repaired
        ? [
            {
              type: 'task_closed_by_repair' as const,
              actor: system,
              department: task.department,
              visibility: 'internal' as const,
              data: { taskId: task.taskId, step: task.step, explanation: 'The flow no longer waited on this task; closed by the repair.' },
            },
          ]
        : []),
    ],
    set: { ...closed, status: statusFor(issue, closed.holders) },
    ...moveTask({ next, previous: task }),
    result: publicTask(next),
  };
}

/** A completion stored and handed to the flow, not yet confirmed as taken (the pending-callback list). */
export const awaitsCallbackConfirmation = (task: TaskRecord) => task.status === 'completed' && task.callbackPending === true;

/** Baton's own record of how a stored completion was settled with the flow, in the issue's history. */
function settlementEvent(task: TaskRecord, type: 'late_completion' | 'completion_confirmed', data: { explanation: string; completedBy?: string | undefined }): NewEvent {
  return {
    type,
    actor: { kind: 'system' },
    department: task.department,
    visibility: 'internal',
    data: { taskId: task.taskId, step: task.step, outcome: task.callbackResult?.outcome, ...data },
  };
}

/** A completion the flow never took: the task ends expired, as the flow saw it; what was entered stays. */
export function undeliveredCompletion(task: TaskRecord): Change<Task> {
  const next: TaskRecord = { ...task, status: 'expired' };
  return {
    events: [
      settlementEvent(task, 'late_completion', {
        completedBy: task.callbackResult?.completedBy,
        explanation: 'Completed, but the flow had already moved on (SLA expired or execution ended); the completion stays in the history.',
      }),
    ],
    ...moveTask({ next, previous: task, requirePendingCallback: true }),
    result: publicTask(next),
  };
}

/**
 * The flow's history shows it took this completion, though the confirmation never got stored (a
 * crash between the callback and its confirmation): the task stays completed, and the repair is an event.
 */
export function confirmTakenCompletion(task: TaskRecord): Change<undefined> {
  if (!awaitsCallbackConfirmation(task)) return noChange(undefined);
  return {
    events: [settlementEvent(task, 'completion_confirmed', { explanation: 'The flow had taken this completion before a restart; confirmed from its execution history.' })],
    // Same state, off the pending-callback list: no pendingCallbackSince.
    ...moveTask({ next: task, previous: task, requirePendingCallback: true }),
    result: undefined,
  };
}

/** Step Functions did not take this completion: settled as late, if it is still pending. */
export const settleUndeliveredCompletion = (task: TaskRecord): Change<Task | undefined> =>
  awaitsCallbackConfirmation(task) ? undeliveredCompletion(task) : noChange(undefined);
