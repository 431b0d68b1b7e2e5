// A rate-limit counter frame (see shared/http/RATE-LIMITS.md): one item per rule, client and frame; a
// frame is one window long and holds that window's per-bucket counts as attributes `b<bucket>`.
import { timeToLiveAttribute } from '#shared/data/entities/time-to-live.ts';

/** Counts per bucket number. */
export type BucketCounts = Map<number, number>;

export const rateCounterEntity = {
  name: 'rateCounter',
  key: (rule: string, client: string, frame: number) => ({ pk: `RATE#${rule}#${client}`, sk: `FRAME#${frame}` }),
  bucketAttribute: (bucket: number) => `b${bucket}`,
  timeToLiveAttribute,
  /** The bucket counts a frame holds (an absent frame holds none). */
  parse(item: Record<string, unknown> | undefined): BucketCounts {
    const counts: BucketCounts = new Map();
    for (const [name, value] of Object.entries(item ?? {})) {
      const bucket = /^b(\d+)$/.exec(name)?.[1];
      if (bucket !== undefined && typeof value === 'number') counts.set(Number(bucket), value);
    }
    return counts;
  },
};
