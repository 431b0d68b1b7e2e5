// A rate-limit counter (see shared/http/RATE-LIMITS.md): one item per rule and client holding a ring
// of slots, one per bucket of the last window and one more. Slot `s` counts one bucket: `a<s>` names
// the bucket, `n<s>` its count; a bucket 61 later takes the same slot over. One item, so counting
// and reading the window is one request, with no read of an earlier item.
import { timeToLiveAttribute } from '#shared/data/entities/time-to-live.ts';

/** Counts per bucket number. */
export type BucketCounts = Map<number, number>;

/** The slots of a ring: the buckets a window reaches (its 60 and one more, see countInWindow). */
export const ringSlots = 61;

export const rateCounterEntity = {
  name: 'rateCounter',
  key: (rule: string, client: string) => ({ pk: `RATE#${rule}#${client}`, sk: 'RING' }),
  slotOf: (bucket: number) => ((bucket % ringSlots) + ringSlots) % ringSlots,
  /** The attribute naming which bucket a slot counts, and the attribute holding the count. */
  bucketAttribute: (bucket: number) => `a${rateCounterEntity.slotOf(bucket)}`,
  countAttribute: (bucket: number) => `n${rateCounterEntity.slotOf(bucket)}`,
  timeToLiveAttribute,
  /** The bucket counts a ring holds (an absent ring holds none); a slot's count belongs to the bucket it names. */
  parse(item: Record<string, unknown> | undefined): BucketCounts {
    const counts: BucketCounts = new Map();
    for (let slot = 0; slot < ringSlots; slot++) {
      const bucket = item?.[`a${slot}`];
      const count = item?.[`n${slot}`];
      if (typeof bucket === 'number' && typeof count === 'number') counts.set(bucket, count);
    }
    return counts;
  },
  /** The bucket a ring's slot for `bucket` counts now, if any. */
  bucketInSlot: (item: Record<string, unknown> | undefined, bucket: number): number | undefined => {
    const held = item?.[rateCounterEntity.bucketAttribute(bucket)];
    return typeof held === 'number' ? held : undefined;
  },
};
