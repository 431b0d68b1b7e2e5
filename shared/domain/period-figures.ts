// The managers' figures for a period, derived from the summed aggregates of its days (written with
// each change: figure-deltas.ts). Pure: the same sums always give the same figures, so unit tests
// give exact values. Means are per closed issue; rates per 100 closed issues or in percent of them.
import { periodFigureNames as names, type Deltas } from '#shared/domain/figure-deltas.ts';
import { percentile, type Histogram } from '#shared/domain/histogram.ts';
import type { FiguresReport, PeriodFigures, Percentiles } from '#shared/api/figure-schemas.ts';

export type { FiguresReport, PeriodFigures } from '#shared/api/figure-schemas.ts';

/** One aggregate as read: a flow's day and version, its attributes summed over the shards. */
export interface AggregateRow {
  flowId: string;
  day: string;
  version: number;
  deltas: Deltas;
}

export const ageBands = ['today', '1-2d', '3-6d', '7-29d', '30d+'] as const;
export type AgeBand = (typeof ageBands)[number];

export function sumDeltas(all: readonly Deltas[]): Deltas {
  const sum: Deltas = {};
  for (const deltas of all) for (const [name, value] of Object.entries(deltas)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

/** One decimal place: enough for a percentage on a manager's page, and exact to compare in tests. */
const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const ratio = (part: number, whole: number, scale: number) => (whole > 0 ? oneDecimal((part * scale) / whole) : null);
const percentiles = (histogram: Histogram): Percentiles => ({
  count: Object.values(histogram).reduce((total, count) => total + count, 0),
  p50: percentile(histogram, 0.5),
  p90: percentile(histogram, 0.9),
});

export function periodFigures(sum: Deltas): PeriodFigures {
  const count = (name: string) => sum[name] ?? 0;
  const closed = count(names.closed);
  const endToEnd: Histogram = {};
  const held: Record<string, number> = {};
  const steps = new Map<string, { wait: Histogram; work: Histogram; met: number; missed: number }>();
  const stepOf = (step: string) => {
    let figures = steps.get(step);
    if (!figures) steps.set(step, (figures = { wait: {}, work: {}, met: 0, missed: 0 }));
    return figures;
  };
  for (const [name, value] of Object.entries(sum)) {
    if (value === 0) continue;
    const parts = name.split('|');
    const [kind, second, third] = parts;
    if (parts.length === 2 && kind === 'e2e') endToEnd[Number(second)] = value;
    else if (parts.length === 2 && kind === 'held') held[second!] = value;
    else if (parts.length === 3 && kind === 'claimWait') stepOf(second!).wait[Number(third)] = value;
    else if (parts.length === 3 && kind === 'work') stepOf(second!).work[Number(third)] = value;
    else if (parts.length === 2 && kind === 'slaMet') stepOf(second!).met = value;
    else if (parts.length === 2 && kind === 'slaMissed') stepOf(second!).missed = value;
  }
  const ratings = count(names.ratings);
  return {
    opened: count(names.opened),
    closed,
    endToEnd: percentiles(endToEnd),
    meanHeldSeconds: closed > 0 ? Object.fromEntries(Object.entries(held).map(([department, seconds]) => [department, Math.round(seconds / closed)])) : {},
    meanCustomerWaitSeconds: closed > 0 ? Math.round(count(names.customerWaitSeconds) / closed) : null,
    firstTimeRightPercent: ratio(count(names.firstTimeRight), closed, 100),
    reroutesPer100: ratio(count(names.closedReroutes), closed, 100),
    bouncesPer100: ratio(count(names.closedBounces), closed, 100),
    reopened: count(names.reopened),
    reopenPercent: ratio(count(names.reopened), closed, 100),
    ratings,
    meanRating: ratings > 0 ? Math.round((count(names.ratingSum) / ratings) * 100) / 100 : null,
    steps: [...steps.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([step, figures]) => ({
        step,
        waitBeforeClaim: percentiles(figures.wait),
        work: percentiles(figures.work),
        slaMet: figures.met,
        slaMissed: figures.missed,
        slaPercent: ratio(figures.met, figures.met + figures.missed, 100),
      })),
  };
}

const dayMs = 86_400_000;
export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The Monday (UTC) starting the ISO week of a day. */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** An issue's age band from the day it opened, in whole UTC days. */
export function ageBandOf(openingDay: string, today: string): AgeBand {
  const age = daysBetween(openingDay, today);
  if (age < 1) return 'today';
  if (age < 3) return '1-2d';
  if (age < 7) return '3-6d';
  if (age < 30) return '7-29d';
  return '30d+';
}

/** The days the age bands read: the last 30 (older issues are the running total minus these). */
export const ageWindow = (today: string) => ({ from: addDays(today, -29), to: today });

export interface FiguresQuery {
  from: string;
  to: string;
  today: string;
  flowId?: string | undefined;
  version?: number | undefined;
}

/**
 * The figures of a period: the whole period, each flow version in it, each week (Monday, UTC) and
 * the open issues by age now. `days` are the aggregates read (they may reach beyond the period, for
 * the age bands); `totals` the versions' running totals of open issues.
 */
export function figuresReport(query: FiguresQuery, days: readonly AggregateRow[], totals: readonly AggregateRow[], errorBound: number): FiguresReport {
  const matches = (row: AggregateRow) => (!query.flowId || row.flowId === query.flowId) && (query.version === undefined || row.version === query.version);
  const inPeriod = days.filter((row) => matches(row) && row.day >= query.from && row.day <= query.to);
  const byKey = <Key extends string>(rows: readonly AggregateRow[], keyOf: (row: AggregateRow) => Key) => {
    const groups = new Map<Key, Deltas[]>();
    for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row.deltas]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  const window = ageWindow(query.today);
  const openByBand = new Map<AgeBand, number>(ageBands.map((band) => [band, 0]));
  let recentOpen = 0;
  // A day's shards are summed first: a closure takes its issue off a random shard of its opening day.
  const openPerDay = new Map<string, { day: string; open: number }>();
  for (const row of days.filter((candidate) => matches(candidate) && candidate.day >= window.from && candidate.day <= window.to)) {
    const key = `${row.flowId}|${row.day}|${row.version}`;
    const entry = openPerDay.get(key) ?? openPerDay.set(key, { day: row.day, open: 0 }).get(key)!;
    entry.open += row.deltas[names.stillOpen] ?? 0;
  }
  for (const { day, open } of openPerDay.values()) {
    // Never below zero: issues opened before these figures existed close without having been counted.
    const counted = Math.max(0, open);
    openByBand.set(ageBandOf(day, query.today), openByBand.get(ageBandOf(day, query.today))! + counted);
    recentOpen += counted;
  }
  const openNow = totals.filter(matches).reduce((total, row) => total + (row.deltas[names.openNow] ?? 0), 0);
  openByBand.set('30d+', Math.max(0, openNow - recentOpen));
  return {
    from: query.from,
    to: query.to,
    timeZone: 'UTC',
    ...(query.flowId ? { flowId: query.flowId } : {}),
    ...(query.version !== undefined ? { version: query.version } : {}),
    figures: periodFigures(sumDeltas(inPeriod.map((row) => row.deltas))),
    versions: byKey(inPeriod, (row) => `${row.flowId}\u0000${String(row.version).padStart(6, '0')}`).map(([key, deltas]) => {
      const [flowId, version] = key.split('\u0000') as [string, string];
      return { flowId, version: Number(version), figures: periodFigures(sumDeltas(deltas)) };
    }),
    weeks: byKey(inPeriod, (row) => weekOf(row.day)).map(([week, deltas]) => ({ week, figures: periodFigures(sumDeltas(deltas)) })),
    openByAge: ageBands.map((band) => ({ band, count: openByBand.get(band)! })),
    percentileErrorBound: errorBound,
  };
}
