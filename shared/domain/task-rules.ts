// What may happen to a task in which state. Who may act on it at all is decided first, by the one
// authorisation module (shared/http/authorization.ts), so another department's staff get 403
// whatever the task's state; managers may act on any task.
import type { Caller } from '#shared/http/caller.ts';
import { conflict } from '#shared/http/errors.ts';
import { assertMayActOnTask, isManager } from '#shared/http/authorization.ts';
import { isActive, type Task, type TaskRecord } from '#shared/domain/task.ts';

const closed = () => conflict('task_closed', 'This task is already finished.');

/** `hold`: the caller takes the task; `keep`: the caller already holds it (an idempotent repeat). */
export function claimDecision(caller: Caller, task: Task): 'hold' | 'keep' {
  assertMayActOnTask(caller, task);
  if (!isActive(task.status)) throw closed();
  if (task.status === 'claimed') {
    if (task.claimedBy === caller.username) return 'keep';
    throw conflict('already_claimed', 'Someone else already holds this task.');
  }
  return 'hold';
}

export function assertMayRelease(caller: Caller, task: Task): void {
  assertMayActOnTask(caller, task);
  if (!isActive(task.status)) throw closed();
  if (task.status !== 'claimed') throw conflict('not_claimed', 'Nobody holds this task.');
  if (task.claimedBy !== caller.username && !isManager(caller)) throw conflict('not_claimed', 'Only its holder or a manager may release this task.');
}

/** Only the holder completes; a manager claims first. */
export function assertMayComplete(caller: Caller, task: Task): void {
  assertMayActOnTask(caller, task);
  if (!isActive(task.status)) throw closed();
  if (task.status !== 'claimed' || task.claimedBy !== caller.username) {
    throw conflict('not_claimed', 'Claim this task before completing it.');
  }
}

/**
 * After the SLA expired, only the person who held the claim may still record what they did (kept in
 * the history, not sent to the flow); for anyone else, managers included, the task is simply closed.
 */
export function assertMayRecordLateCompletion(caller: Caller, task: Pick<TaskRecord, 'department' | 'heldBy'>): void {
  assertMayActOnTask(caller, task);
  if (task.heldBy !== caller.username) throw closed();
}
