// A flow's figures are write-sharded over a few small items (see shared/data/step-stats.ts for the
// attribute names): each change adds to one shard chosen at random, a read sums them with one Query.
import { z } from 'zod';
import type { Access } from '#shared/data/entities/access.ts';

const shardSchema = z.record(z.string(), z.unknown());

export const flowFiguresEntity = {
  name: 'flowFigures',
  shardCount: 10,
  key: (flowId: string, shard: number) => ({ pk: `STEPSTATS#${flowId}`, sk: `SHARD#${String(shard).padStart(2, '0')}` }),
  /** Every shard of one flow. */
  ofFlow: (flowId: string): Access => ({ partition: `STEPSTATS#${flowId}` }),
  /** The numeric figures of a shard (its key attributes dropped). */
  parse: (item: Record<string, unknown>): Record<string, number> =>
    Object.fromEntries(Object.entries(shardSchema.parse(item)).filter((entry): entry is [string, number] => typeof entry[1] === 'number')),
};
