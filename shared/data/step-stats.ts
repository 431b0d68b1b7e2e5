// Live figures per step (open, claimed, breached…) for the process map. Each task transition adds
// its deltas to one of N shards chosen at random, in the same transaction as the transition, so
// the figures agree with the events and no single counter item becomes a hot key. Reading sums
// the N shards of a flow with one Query.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { statsKeys } from '#shared/data/keys.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import type { TaskStatus } from '#shared/domain/task.ts';

export type StepFigure = 'open' | 'claimed' | 'completed' | 'breached' | 'cancelled';
export type StepFigures = Record<StepFigure, number>;

/** The deltas of one task moving from one status to another (undefined: the task is new). */
export function transitionDeltas(from: TaskStatus | undefined, to: TaskStatus): Partial<StepFigures> {
  const deltas: Partial<StepFigures> = {};
  const figureOf = (status: TaskStatus): StepFigure => (status === 'expired' ? 'breached' : status);
  if (from) deltas[figureOf(from)] = (deltas[figureOf(from)] ?? 0) - 1;
  deltas[figureOf(to)] = (deltas[figureOf(to)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(deltas).filter(([, value]) => value !== 0));
}

export function stepStatsWrite(flowId: string, step: string, deltas: Partial<StepFigures>): TransactItem[] {
  const entries = Object.entries(deltas);
  if (entries.length === 0) return [];
  const shard = Math.floor(Math.random() * statsKeys.shardCount);
  return [
    {
      Update: {
        TableName: config.tableName(),
        Key: statsKeys.shard(flowId, shard),
        UpdateExpression: `ADD ${entries.map((_, i) => `#f${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([figure], i) => [`#f${i}`, `${step}|${figure}`])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
      },
    },
  ];
}

export async function readStepStats(flowId: string): Promise<Record<string, StepFigures>> {
  const result = await documentClient().send(
    new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.flow(flowId) } }),
  );
  const byStep: Record<string, StepFigures> = {};
  for (const item of result.Items ?? []) {
    for (const [name, value] of Object.entries(item)) {
      const [step, figure] = name.split('|') as [string, StepFigure | undefined];
      if (!figure || typeof value !== 'number') continue;
      byStep[step] ??= { open: 0, claimed: 0, completed: 0, breached: 0, cancelled: 0 };
      byStep[step][figure] += value;
    }
  }
  return byStep;
}
