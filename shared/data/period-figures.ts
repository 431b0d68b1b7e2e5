// The figures per period and flow version in the table: written with each change to an issue (in
// changeIssue's transaction, from the events it appends), read for a period with one Query per flow.
// Each change adds to one of a few shards chosen at random, so no aggregate item takes every write.
import { config } from '#shared/config.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { figureKeys } from '#shared/data/entities/figures-aggregate.ts';
import type { NewEvent, TransactItem } from '#shared/data/issue-changes.ts';
import { figureDeltas, type Deltas, type FigureIssue } from '#shared/domain/figure-deltas.ts';
import { percentileErrorBound } from '#shared/domain/histogram.ts';
import { ageWindow, figuresReport, type AggregateRow, type FiguresQuery, type FiguresReport } from '#shared/domain/period-figures.ts';
import { flowIds } from '#shared/flows/catalog.ts';

/** The writes that add a change's figures, for the change's own transaction (none when it moves no figure). */
export function figureWrites(issue: FigureIssue & { flowId: string }, events: readonly NewEvent[], now: string): TransactItem[] {
  const shard = Math.floor(Math.random() * figureKeys.shardCount);
  return figureDeltas(issue, events, now).map(({ day, version, deltas }) => aggregateUpdate(issue.flowId, day, version, shard, deltas));
}

/** Adds deltas to one aggregate item (a day's, or with `day` = 'total' the version's running total). */
export function aggregateUpdate(flowId: string, day: string, version: number, shard: number, deltas: Deltas): TransactItem {
  const entries = Object.entries(deltas);
  return {
    Update: {
      TableName: config.tableName(),
      Key: day === 'total' ? figureKeys.total(flowId, version, shard) : figureKeys.day(flowId, day, version, shard),
      UpdateExpression: `ADD ${entries.map((_, i) => `#f${i} :d${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:d${i}`, delta])),
    },
  };
}

/** `DAY#2026-01-05#V0002#S3` or `TOTAL#V0002#S3` → its day and version. */
function rowOf(flowId: string, item: Record<string, unknown>): AggregateRow {
  const sk = String(item.sk);
  const [, dayOrVersion, versionPart] = sk.split('#') as [string, string, string?];
  const day = sk.startsWith('DAY#') ? dayOrVersion : 'total';
  const version = Number((sk.startsWith('DAY#') ? versionPart! : dayOrVersion).slice(1));
  const deltas = Object.fromEntries(Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return { flowId, day, version, deltas };
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
 * running totals. Costs the same whatever the number of issues: days × versions × shards small items.
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
