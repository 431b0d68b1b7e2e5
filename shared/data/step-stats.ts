// Live figures of a flow for the process map and the managers' KPIs: per step (open, claimed,
// breached…) and per flow (issues started and closed, their end-to-end and department times,
// reroutes, bounces). Every change that moves a figure adds its deltas to one of N shards chosen at
// random, in the same transaction as the change, so the figures agree with the events and no single
// counter item becomes a hot key. Reading sums the N shards of a flow with one Query.
import { config } from '#shared/config.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { statsKeys } from '#shared/data/keys.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { currentClocks, secondsBetween } from '#shared/domain/clocks.ts';
import type { Issue } from '#shared/domain/issue.ts';
import type { TaskStatus } from '#shared/domain/task.ts';

export type StepFigure = 'open' | 'claimed' | 'completed' | 'breached' | 'cancelled';
export type StepFigures = Record<StepFigure, number>;
const stepFigures: readonly StepFigure[] = ['open', 'claimed', 'completed', 'breached', 'cancelled'];
const isStepFigure = (name: string | undefined): name is StepFigure => stepFigures.includes(name as StepFigure);

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

/** Adds the deltas to one shard of the flow's figures, chosen at random: one write in the caller's transaction. */
export function flowFiguresWrite(flowId: string, deltas: FigureDeltas): TransactItem[] {
  const entries = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (entries.length === 0) return [];
  const shard = Math.floor(Math.random() * statsKeys.shardCount);
  return [
    {
      Update: {
        TableName: config.tableName(),
        Key: statsKeys.shard(flowId, shard),
        UpdateExpression: `ADD ${entries.map((_, i) => `#f${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
      },
    },
  ];
}

export function stepStatsWrite(flowId: string, step: string, deltas: Partial<StepFigures>): TransactItem[] {
  return flowFiguresWrite(flowId, Object.fromEntries(Object.entries(deltas).map(([figure, delta]) => [figureNames.step(step, figure as StepFigure), delta])));
}

export interface FlowFigures {
  steps: Record<string, StepFigures>;
  started: number;
  closed: number;
  cycleSeconds: number;
  customerWaitSeconds: number;
  reroutes: number;
  bounces: number;
  reopens: number;
  /** Seconds each department held the closed issues. */
  heldSeconds: Record<string, number>;
  bounceRoutes: Array<{ step: string; from: string; to: string; count: number }>;
}

/** Sums the shard items of one flow. */
export function sumShards(items: Array<Record<string, unknown>>): FlowFigures {
  const figures: FlowFigures = { steps: {}, started: 0, closed: 0, cycleSeconds: 0, customerWaitSeconds: 0, reroutes: 0, bounces: 0, reopens: 0, heldSeconds: {}, bounceRoutes: [] };
  const flowWide: Record<string, keyof Pick<FlowFigures, 'started' | 'closed' | 'cycleSeconds' | 'customerWaitSeconds' | 'reroutes' | 'bounces' | 'reopens'>> = {
    [figureNames.started]: 'started',
    [figureNames.closed]: 'closed',
    [figureNames.cycleSeconds]: 'cycleSeconds',
    [figureNames.customerWaitSeconds]: 'customerWaitSeconds',
    [figureNames.reroutes]: 'reroutes',
    [figureNames.bounces]: 'bounces',
    [figureNames.reopens]: 'reopens',
  };
  const bounces = new Map<string, FlowFigures['bounceRoutes'][number]>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (typeof value !== 'number') continue;
      const parts = name.split('|');
      const [first, second, third] = parts;
      if (parts.length === 2 && isStepFigure(second)) {
        figures.steps[first!] ??= { open: 0, claimed: 0, completed: 0, breached: 0, cancelled: 0 };
        figures.steps[first!]![second] += value;
      } else if (flowWide[name]) {
        figures[flowWide[name]] += value;
      } else if (parts.length === 3 && first === 'dept' && third === 'heldSeconds') {
        figures.heldSeconds[second!] = (figures.heldSeconds[second!] ?? 0) + value;
      } else if (parts.length === 3 && first === 'bounce' && third?.includes('>')) {
        const [from, to] = third.split('>') as [string, string];
        const route = bounces.get(name) ?? { step: second!, from, to, count: 0 };
        route.count += value;
        bounces.set(name, route);
      }
    }
  }
  figures.bounceRoutes = [...bounces.values()].filter((route) => route.count !== 0);
  return figures;
}

/** A flow's figures: one Query of its shards (a few small items: one page). */
export async function readFlowFigures(flowId: string): Promise<FlowFigures> {
  return sumShards(await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.flow(flowId) } }));
}

export async function readStepStats(flowId: string): Promise<Record<string, StepFigures>> {
  return (await readFlowFigures(flowId)).steps;
}
