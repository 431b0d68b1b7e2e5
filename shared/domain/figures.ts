// The figures a change moves (per step: open, claimed, breached…; per flow: started, closed, times,
// reroutes, bounces) as deltas by attribute name: decided by the domain with the change, added to the
// flow's figure shards in the same transaction by the data layer (shared/data/step-stats.ts).
import { currentClocks, secondsBetween } from '#shared/domain/clocks.ts';
import type { Issue } from '#shared/domain/issue.ts';
import type { TaskStatus } from '#shared/domain/task.ts';

export type StepFigure = 'open' | 'claimed' | 'completed' | 'breached' | 'cancelled';
export type StepFigures = Record<StepFigure, number>;
export const stepFigures: readonly StepFigure[] = ['open', 'claimed', 'completed', 'breached', 'cancelled'];
export const isStepFigure = (name: string | undefined): name is StepFigure => stepFigures.includes(name as StepFigure);

/**
 * Attribute names on a shard item. A step's figure is `<step>|<figure>` (two parts, the second one
 * of the five step figures); everything else is a flow-wide figure, told apart by its shape, so no
 * step id can be mistaken for one:
 * `flow|started`, `flow|closed`, `flow|cycleSeconds` (end to end, closed issues), `flow|customerWaitSeconds`,
 * `flow|reroutes`, `flow|bounces`, `flow|reopens`, `dept|<department>|heldSeconds` (closed issues),
 * `bounce|<step>|<from>><to>`.
 */
export const figureNames = {
  step: (step: string, figure: StepFigure) => `${step}|${figure}`,
  started: 'flow|started',
  closed: 'flow|closed',
  cycleSeconds: 'flow|cycleSeconds',
  customerWaitSeconds: 'flow|customerWaitSeconds',
  reroutes: 'flow|reroutes',
  bounces: 'flow|bounces',
  /** Customers' "not solved": each reopen also takes back what its closing had added (reopenDeltas). */
  reopens: 'flow|reopens',
  heldSeconds: (department: string) => `dept|${department}|heldSeconds`,
  bounce: (step: string, from: string, to: string) => `bounce|${step}|${from}>${to}`,
} as const;

/** Deltas to add, by attribute name (see `figureNames`). */
export type FigureDeltas = Record<string, number>;

/** The deltas of one task moving from one status to another (undefined: the task is new). */
export function transitionDeltas(from: TaskStatus | undefined, to: TaskStatus): Partial<StepFigures> {
  const deltas: Partial<StepFigures> = {};
  const figureOf = (status: TaskStatus): StepFigure => (status === 'expired' ? 'breached' : status);
  if (from) deltas[figureOf(from)] = (deltas[figureOf(from)] ?? 0) - 1;
  deltas[figureOf(to)] = (deltas[figureOf(to)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(deltas).filter(([, value]) => value !== 0));
}

/** What closing an issue adds: one more closed issue, its end-to-end time and its clocks as they stand at closure. */
export function closureDeltas(issue: Pick<Issue, 'createdAt' | 'holders' | 'clocks' | 'waitingCustomerSince'>, now: string): FigureDeltas {
  const { customer, ...departments } = currentClocks(issue, now);
  return {
    [figureNames.closed]: 1,
    [figureNames.cycleSeconds]: Math.round(secondsBetween(issue.createdAt, now)),
    [figureNames.customerWaitSeconds]: customer ?? 0,
    ...Object.fromEntries(Object.entries(departments).map(([department, seconds]) => [figureNames.heldSeconds(department), seconds])),
  };
}

/** What a reopen adds: one reopen, and the closing it undoes taken back (the issue is counted again when it closes again). */
export function reopenDeltas(issue: Pick<Issue, 'createdAt' | 'holders' | 'clocks' | 'waitingCustomerSince'>, closedAt: string): FigureDeltas {
  const undone = Object.entries(closureDeltas(issue, closedAt)).map(([name, delta]) => [name, -delta]);
  return { ...Object.fromEntries(undone), [figureNames.reopens]: 1 };
}

/** What one recorded reroute adds; whether it bounced is decided where reroutes are recorded (reroutes.ts). */
export function rerouteDeltas(reroute: { step: string; from: string; to: string; bounced: boolean }): FigureDeltas {
  return {
    [figureNames.reroutes]: 1,
    ...(reroute.bounced ? { [figureNames.bounces]: 1, [figureNames.bounce(reroute.step, reroute.from, reroute.to)]: 1 } : {}),
  };
}

/** Step figure deltas as figure deltas of the flow. */
export function stepDeltas(step: string, deltas: Partial<StepFigures>): FigureDeltas {
  return Object.fromEntries(Object.entries(deltas).map(([figure, delta]) => [figureNames.step(step, figure as StepFigure), delta]));
}

/** Several changes' deltas as one (one shard write per change, however many figures it moves). */
export function sumDeltas(...all: Array<FigureDeltas | undefined>): FigureDeltas {
  const sum: FigureDeltas = {};
  for (const deltas of all) for (const [name, delta] of Object.entries(deltas ?? {})) sum[name] = (sum[name] ?? 0) + delta;
  return Object.fromEntries(Object.entries(sum).filter(([, delta]) => delta !== 0));
}
