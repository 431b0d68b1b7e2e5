// Mergeable duration histograms: percentiles of figures that are added up across shards, days and
// flow versions. Buckets are fixed and log-scale, so two histograms merge by adding counts bucket by
// bucket and any period's p50/p90 comes from the sum. Bucket 0 holds durations under 1 s; bucket
// b ≥ 1 holds [g^(b-1), g^b) seconds with g = 2^(1/4) (four buckets per doubling: a year needs 101).
// A percentile is reported as its bucket's geometric middle, so it is within ±9.1 % of the exact
// value (√g − 1), then rounded to whole seconds. The last bucket (96, from 2^23.75 s ≈ 163 days)
// also holds every longer duration, so a histogram has a fixed number of buckets and can be stored
// whole, at the same size from its first count (docs/FIGURES.md).

/** Bucket counts by bucket number (sparse: empty buckets are absent). */
export type Histogram = Record<number, number>;

const bucketsPerDoubling = 4;
export const bucketGrowth = 2 ** (1 / bucketsPerDoubling);
/** The largest relative error of a reported percentile (before rounding to whole seconds). */
export const percentileErrorBound = Math.sqrt(bucketGrowth) - 1;

/** The last bucket: durations from 2^23.75 s (about 163 days) up, however long. */
export const lastBucket = 96;
/** Every bucket a histogram can count in, 0 to lastBucket. */
export const allBuckets: readonly number[] = Array.from({ length: lastBucket + 1 }, (_, bucket) => bucket);

export function bucketOf(seconds: number): number {
  if (!(seconds >= 1)) return 0;
  return Math.min(lastBucket, Math.floor(Math.log2(seconds) * bucketsPerDoubling) + 1);
}

/** What a bucket reports: the geometric middle of its bounds, in whole seconds (0 for bucket 0). */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return Math.round(2 ** ((bucket - 0.5) / bucketsPerDoubling));
}

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  const sum: Histogram = { ...a };
  for (const [bucket, count] of Object.entries(b)) sum[Number(bucket)] = (sum[Number(bucket)] ?? 0) + count;
  return sum;
}

export const histogramCount = (histogram: Histogram) => Object.values(histogram).reduce((total, count) => total + Math.max(0, count), 0);

/** The nearest-rank percentile (`p` from 0 to 1) as its bucket's value; null for an empty histogram. */
export function percentile(histogram: Histogram, p: number): number | null {
  const total = histogramCount(histogram);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  const buckets = Object.keys(histogram).map(Number).sort((a, b) => a - b);
  for (const bucket of buckets) {
    seen += Math.max(0, histogram[bucket]!);
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(buckets.at(-1)!);
}
