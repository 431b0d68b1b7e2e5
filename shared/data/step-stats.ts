// Live figures of a flow for the process map and the managers' KPIs: per step (open, claimed,
// breached…) and per flow (issues started and closed, their end-to-end and department times,
// reroutes, bounces). Every change that moves a figure adds its deltas to one of N shards chosen at
// random, in the same transaction as the change, so the figures agree with the events and no single
// counter item becomes a hot key. Reading sums the N shards of a flow with one Query.
import { config } from '#shared/config.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { flowFiguresEntity } from '#shared/data/entities/flow-figures-shard.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { figureNames, isStepFigure, stepDeltas, type FigureDeltas, type StepFigures } from '#shared/domain/figures.ts';

// The deltas themselves are the domain's (shared/domain/figures.ts); re-exported for the readers that import them from here.
export { closureDeltas, figureNames, reopenDeltas, rerouteDeltas, transitionDeltas, type FigureDeltas, type StepFigure, type StepFigures } from '#shared/domain/figures.ts';

/** Adds the deltas to one shard of the flow's figures, chosen at random: one write in the caller's transaction. */
export function flowFiguresWrite(flowId: string, deltas: FigureDeltas): TransactItem[] {
  const entries = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (entries.length === 0) return [];
  const shard = Math.floor(Math.random() * flowFiguresEntity.shardCount);
  return [
    {
      Update: {
        TableName: config.tableName(),
        Key: flowFiguresEntity.key(flowId, shard),
        UpdateExpression: `ADD ${entries.map((_, i) => `#f${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
      },
    },
  ];
}

export function stepStatsWrite(flowId: string, step: string, deltas: Partial<StepFigures>): TransactItem[] {
  return flowFiguresWrite(flowId, stepDeltas(step, deltas));
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
  return sumShards((await queryAllOf(flowFiguresEntity.ofFlow(flowId))).map(flowFiguresEntity.parse));
}

export async function readStepStats(flowId: string): Promise<Record<string, StepFigures>> {
  return (await readFlowFigures(flowId)).steps;
}
