// The figures per period and flow version (docs/FIGURES.md): per flow, for each UTC day and version,
// a few counters on one of 4 shards and one item per duration histogram (shared/domain/day-figure-items.ts),
// and per version a running total (open issues now) in shards too. A flow's days sort by date, so a
// period is one Query on a range of sort keys.
import type { DayItem } from '#shared/domain/day-figure-items.ts';

const versionPart = (version: number) => `V${String(version).padStart(4, '0')}`;

export const figureKeys = {
  shardCount: 4,
  flow: (flowId: string) => `FIGURES#${flowId}`,
  /** A day's counters on one shard (and, written before the histograms had items of their own, every figure). */
  day: (flowId: string, day: string, version: number, shard: number) => ({ pk: `FIGURES#${flowId}`, sk: `DAY#${day}#${versionPart(version)}#S${shard}` }),
  /** A day's histogram item (`wait|<step>`, `work|<step>`, `closed`), one for all shards. */
  dayItem: (flowId: string, day: string, version: number, item: Exclude<DayItem, 'counters'>) => ({ pk: `FIGURES#${flowId}`, sk: `DAY#${day}#${versionPart(version)}#${item}` }),
  total: (flowId: string, version: number, shard: number) => ({ pk: `FIGURES#${flowId}`, sk: `TOTAL#${versionPart(version)}#S${shard}` }),
  /** Sort-key bounds of the days from `from` to `to` (inclusive). */
  days: (from: string, to: string) => ({ first: `DAY#${from}`, last: `DAY#${to}#~` }),
  totals: 'TOTAL#',
  /** `DAY#2026-01-05#V0002#S3`, `DAY#2026-01-05#V0002#work|review` or `TOTAL#V0002#S3` → its day ('total'), version and item. */
  parse(sk: string): { day: string; version: number; item: DayItem } {
    const [kind, dayOrVersion, version, item] = sk.split('#') as [string, string, string?, string?];
    if (kind !== 'DAY') return { day: 'total', version: Number(dayOrVersion.slice(1)), item: 'counters' };
    return { day: dayOrVersion, version: Number(version!.slice(1)), item: !item || /^S\d+$/.test(item) ? 'counters' : (item as DayItem) };
  },
};
