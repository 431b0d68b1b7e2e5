// What a transition decides: the events it appends, the issue attributes it sets, the task and
// customer-wait items it writes, and the figures it moves. Transitions (shared/domain/transitions/)
// return one from the current state, the input and the time, touching nothing; the data layer
// (shared/data/issue-changes.ts) executes it in one transaction, or not at all.
import type { NewEvent } from '#shared/domain/events.ts';
import { sumDeltas, stepDeltas, transitionDeltas, type FigureDeltas } from '#shared/domain/figures.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { TaskRecord } from '#shared/domain/task.ts';
import type { CustomerWait } from '#shared/domain/customer-wait.ts';

export type { NewEvent } from '#shared/domain/events.ts';

/** A task item written only if it is still in the state the decision was made on (absent: a new task). */
export interface TaskWrite {
  next: TaskRecord;
  previous?: TaskRecord;
  /** Keeps the task on the pending-callback list until Step Functions confirms the completion. */
  pendingCallbackSince?: string;
  /** Also require that the task was still waiting for its callback to be confirmed. */
  requirePendingCallback?: boolean;
}

/** A customer wait item, replaced whole; `pendingSince` keeps it on the pending-reply list. */
export interface WaitWrite {
  wait: CustomerWait;
  pendingSince?: string;
}

export interface Change<Result> {
  events: NewEvent[];
  /** Top-level issue attributes to set (replaced whole). */
  set?: Partial<IssueRecord> & Record<string, unknown>;
  /** Top-level issue attributes to remove (an optional attribute that no longer applies). */
  remove?: Array<keyof IssueRecord & string>;
  tasks?: TaskWrite[];
  waits?: WaitWrite[];
  /** A reroute counted on its task, once however often the step runs. */
  rerouteCounted?: { taskId: string; rerouteNumber: number };
  /** Step Functions runs the issue's execution (its first task opened): the issue leaves the repair list. */
  executionConfirmed?: string;
  /** Deltas to the issue's flow figures (one shard write). */
  figures?: FigureDeltas;
  result: Result;
}

/** Returned by a transition that finds nothing to do (an idempotent repeat). */
export const noChange = <Result>(result: Result): Change<Result> => ({ events: [], result });

export const isNoChange = (change: Change<unknown>) =>
  change.events.length === 0 && !change.set && !change.remove?.length && !change.tasks?.length && !change.waits?.length && !change.rerouteCounted && !change.executionConfirmed && !Object.keys(change.figures ?? {}).length;

/** A task moving from one state to another: its write and the step figures it moves. */
export function moveTask(write: TaskWrite, ...otherFigures: FigureDeltas[]): Pick<Change<unknown>, 'tasks' | 'figures'> {
  return { tasks: [write], figures: sumDeltas(stepDeltas(write.next.step, transitionDeltas(write.previous?.status, write.next.status)), ...otherFigures) };
}
