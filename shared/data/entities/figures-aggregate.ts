// The figures per period and flow version (docs/FIGURES.md): per flow, one aggregate per UTC day,
// version and shard, and per version a running total (open issues now) in shards too. A flow's days
// sort by date, so a period is one Query on a range of sort keys.
export const figureKeys = {
  shardCount: 4,
  flow: (flowId: string) => `FIGURES#${flowId}`,
  day: (flowId: string, day: string, version: number, shard: number) => ({ pk: `FIGURES#${flowId}`, sk: `DAY#${day}#V${String(version).padStart(4, '0')}#S${shard}` }),
  total: (flowId: string, version: number, shard: number) => ({ pk: `FIGURES#${flowId}`, sk: `TOTAL#V${String(version).padStart(4, '0')}#S${shard}` }),
  /** Sort-key bounds of the days from `from` to `to` (inclusive). */
  days: (from: string, to: string) => ({ first: `DAY#${from}`, last: `DAY#${to}#~` }),
  totals: 'TOTAL#',
};
