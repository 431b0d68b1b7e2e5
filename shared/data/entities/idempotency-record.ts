// The idempotency record of an intake, found by a hash of the Idempotency-Key; removed by TTL.
import { z } from 'zod';
import { timeToLiveAttribute } from '#shared/data/entities/time-to-live.ts';

const idempotencySchema = z.object({
  bodyHash: z.string(),
  sealedResponse: z.string(),
  [timeToLiveAttribute]: z.number(),
});
export type IdempotencyRecord = z.infer<typeof idempotencySchema>;

export const idempotencyEntity = {
  name: 'idempotency',
  key: (idempotencyKeyHash: string) => ({ pk: `IDEMPOTENCY#${idempotencyKeyHash}`, sk: 'IDEMPOTENCY' }),
  item: (idempotencyKeyHash: string, record: IdempotencyRecord) => ({ ...idempotencyEntity.key(idempotencyKeyHash), entity: 'idempotency', ...record }),
  parse: (item: Record<string, unknown>): IdempotencyRecord => idempotencySchema.parse(item),
};
