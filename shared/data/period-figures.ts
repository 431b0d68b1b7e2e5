// The figures per period and flow version in the table: written with each change to an issue (in
// changeIssue's transaction, from the events it appends), read for a period with one Query per flow.
// A day's counters go to one of a few shards chosen at random, so no counters item takes every write;
// each duration histogram has an item of its own per day and version (shared/domain/day-figure-items.ts),
// written by one step's claims or completions (or the day's closures) only.
import { config } from '#shared/config.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { figureKeys } from '#shared/data/entities/figures-aggregate.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { dayItemDeltas, figuresOfDayItem, wholeAttributes, type DayItem } from '#shared/domain/day-figure-items.ts';
import { figureDeltas, type Deltas, type FigureEvent, type FigureIssue } from '#shared/domain/figure-deltas.ts';
import { percentileErrorBound } from '#shared/domain/histogram.ts';
import { ageWindow, figuresReport, type AggregateRow, type FiguresQuery, type FiguresReport } from '#shared/domain/period-figures.ts';
import { flowIds } from '#shared/flows/catalog.ts';

/** The writes that add a change's figures, for the change's own transaction (none when it moves no figure). */
export function figureWrites(issue: FigureIssue & { flowId: string }, events: readonly FigureEvent[], now: string): TransactItem[] {
  const shard = Math.floor(Math.random() * figureKeys.shardCount);
  return figureDeltas(issue, events, now).flatMap(({ day, version, deltas }) =>
    day === 'total' ? [totalUpdate(issue.flowId, version, shard, deltas)] : dayWrites(issue.flowId, day, version, shard, deltas),
  );
}

/** The writes that add one day and version's deltas: one per item that keeps them (its counters on `shard`). */
export function dayWrites(flowId: string, day: string, version: number, shard: number, deltas: Deltas): TransactItem[] {
  return dayItemDeltas(deltas).map(({ item, attributes }) => dayItemUpdate(flowId, day, version, shard, item, attributes));
}

/**
 * Adds to one of a day's items, and makes the attributes it lacks at 0: an item is whole from its
 * first write, so its size (and what a write or a read of it costs) does not grow as buckets fill.
 */
export function dayItemUpdate(flowId: string, day: string, version: number, shard: number, item: DayItem, attributes: Deltas): TransactItem {
  const added = Object.entries(attributes);
  const made = wholeAttributes(item).filter((name) => !(name in attributes));
  return {
    Update: {
      TableName: config.tableName(),
      Key: item === 'counters' ? figureKeys.day(flowId, day, version, shard) : figureKeys.dayItem(flowId, day, version, item),
      // A histogram item's expression names ~100 attributes: within DynamoDB's 4 KB per expression
      // (placeholders are short) and 300 functions per update expression (one if_not_exists each).
      UpdateExpression:
        (made.length ? `SET ${made.map((_, i) => `#m${i} = if_not_exists(#m${i}, :zero)`).join(', ')} ` : '') + `ADD ${added.map((_, i) => `#a${i} :a${i}`).join(', ')}`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(made.map((name, i) => [`#m${i}`, name])),
        ...Object.fromEntries(added.map(([name], i) => [`#a${i}`, name])),
      },
      ExpressionAttributeValues: { ...(made.length ? { ':zero': 0 } : {}), ...Object.fromEntries(added.map(([, delta], i) => [`:a${i}`, delta])) },
    },
  };
}

/** Adds deltas to a version's running total of open issues, on one shard. */
export function totalUpdate(flowId: string, version: number, shard: number, deltas: Deltas): TransactItem {
  const entries = Object.entries(deltas);
  return {
    Update: {
      TableName: config.tableName(),
      Key: figureKeys.total(flowId, version, shard),
      UpdateExpression: `ADD ${entries.map((_, i) => `#f${i} :d${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
    },
  };
}

/** A stored aggregate as the figures read it: its day and version, its attributes under their figure names. */
export function rowOf(flowId: string, item: Record<string, unknown>): AggregateRow {
  const { day, version, item: kept } = figureKeys.parse(String(item.sk));
  const numbers = Object.fromEntries(Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return { flowId, day, version, deltas: figuresOfDayItem(kept, numbers) };
}

/** The day ranges to read: the period and the age bands' last 30 days, as one range when they meet. */
export function dayRanges(from: string, to: string, today: string): Array<{ from: string; to: string }> {
  const window = ageWindow(today);
  if (to >= window.from && from <= window.to) return [{ from: from < window.from ? from : window.from, to: to > window.to ? to : window.to }];
  return [{ from, to }, window];
}

export interface FigureRows {
  days: AggregateRow[];
  totals: AggregateRow[];
  /** What the read cost: Queries sent and items returned. */
  queries: number;
  items: number;
}

/**
 * The aggregates a period needs, per flow: its days (and the last 30, for the age bands) and its
 * running totals. Costs the same whatever the number of issues: per day and version, its counters'
 * shards and one fixed-size item per histogram written that day.
 */
export async function readFigureRows(query: FiguresQuery): Promise<FigureRows> {
  const flows = query.flowId ? [query.flowId] : [...flowIds];
  const rows: FigureRows = { days: [], totals: [], queries: 0, items: 0 };
  await Promise.all(
    flows.flatMap((flowId) => [
      ...dayRanges(query.from, query.to, query.today).map(async (range) => {
        const bounds = figureKeys.days(range.from, range.to);
        const items = await queryAll({
          TableName: config.tableName(),
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: { ':pk': figureKeys.flow(flowId), ':first': bounds.first, ':last': bounds.last },
        });
        rows.queries++;
        rows.items += items.length;
        rows.days.push(...items.map((item) => rowOf(flowId, item)));
      }),
      (async () => {
        const items = await queryAll({
          TableName: config.tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :totals)',
          ExpressionAttributeValues: { ':pk': figureKeys.flow(flowId), ':totals': figureKeys.totals },
        });
        rows.queries++;
        rows.items += items.length;
        rows.totals.push(...items.map((item) => rowOf(flowId, item)));
      })(),
    ]),
  );
  return rows;
}

export async function readFigures(query: FiguresQuery): Promise<FiguresReport> {
  const { days, totals } = await readFigureRows(query);
  return figuresReport(query, days, totals, percentileErrorBound);
}
