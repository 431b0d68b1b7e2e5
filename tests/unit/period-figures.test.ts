import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { figureKeys } from '#shared/data/entities/figures-aggregate.ts';
import { dayItemUpdate, figureWrites, rowOf } from '#shared/data/period-figures.ts';
import { dayItemDeltas, figuresOfDayItem, wholeAttributes, type DayItem } from '#shared/domain/day-figure-items.ts';
import { figureDeltas, type FigureIssue } from '#shared/domain/figure-deltas.ts';
import { addHistograms, allBuckets, bucketOf, bucketValue, lastBucket, percentile, percentileErrorBound } from '#shared/domain/histogram.ts';
import { ageBandOf, figuresReport, periodFigures, sumDeltas, weekOf, type AggregateRow } from '#shared/domain/period-figures.ts';
import { itemSize } from '../bench/write-units.ts';

describe('duration histograms', () => {
  it('put durations in fixed log-scale buckets, four per doubling, and report a bucket’s geometric middle', () => {
    expect([0, 0.5, 1, 2, 4, 60, 600, 3600].map(bucketOf)).toEqual([0, 0, 1, 5, 9, 24, 37, 48]);
    expect([1, 5, 24, 37, 48].map(bucketValue)).toEqual([1, 2, 59, 558, 3756]);
  });

  it('report every duration within the documented bound of its exact value', () => {
    for (let seconds = 2; seconds < 400_000; seconds = Math.ceil(seconds * 1.07)) {
      const reported = 2 ** ((bucketOf(seconds) - 0.5) / 4);
      expect(Math.abs(reported - seconds) / seconds).toBeLessThanOrEqual(percentileErrorBound + 1e-12);
    }
    expect(percentileErrorBound).toBeCloseTo(0.0905, 4);
  });

  it('merge by adding bucket counts; p50 and p90 are nearest-rank over the merged counts', () => {
    const merged = addHistograms({ 24: 3, 37: 1 }, { 37: 4, 48: 2 });
    expect(merged).toEqual({ 24: 3, 37: 5, 48: 2 });
    expect(percentile(merged, 0.5)).toBe(558);
    expect(percentile(merged, 0.9)).toBe(3756);
    expect(percentile({}, 0.5)).toBeNull();
  });

  it('have a fixed number of buckets: the last one holds every duration from about 163 days up', () => {
    expect(allBuckets).toHaveLength(lastBucket + 1);
    expect([2 ** 23.74, 2 ** 23.75, 365 * 86_400, 1e12].map(bucketOf)).toEqual([95, 96, 96, 96]);
  });
});

describe('what a change adds to the figures per period and version', () => {
  const issue: FigureIssue = {
    flowVersion: 2,
    createdAt: '2026-03-02T10:00:00.000Z',
    flowStartedAt: '2026-03-02T10:00:01.000Z',
    holders: [],
    clocks: { service: 600, sales: 1200, customer: 300 },
    reroutes: 0,
    bounces: 0,
  };

  it('a flow start opens an issue on its day and version, and adds it to the open issues now', () => {
    expect(figureDeltas(issue, [{ type: 'flow_started', data: { flowId: 'billing-dispute', flowVersion: 3 } }], '2026-03-02T10:00:01.000Z')).toEqual([
      { day: '2026-03-02', version: 3, deltas: { opened: 1, stillOpen: 1 } },
      { day: 'total', version: 3, deltas: { openNow: 1 } },
    ]);
  });

  it('a closure counts on its own day, takes the issue off its opening day, and is first-time-right without reroutes', () => {
    const deltas = figureDeltas(issue, [{ type: 'issue_closed', data: {} }], '2026-03-04T10:00:00.000Z');
    expect(deltas).toEqual([
      {
        day: '2026-03-04',
        version: 2,
        deltas: { closed: 1, 'e2e|70': 1, customerWaitSeconds: 300, 'held|service': 600, 'held|sales': 1200, firstTimeRight: 1 },
      },
      { day: '2026-03-02', version: 2, deltas: { stillOpen: -1 } },
      { day: 'total', version: 2, deltas: { openNow: -1 } },
    ]);
  });

  it('a rerouted or reopened issue is not first-time-right; its reroutes and bounces count at closure', () => {
    const [closedDay] = figureDeltas({ ...issue, reroutes: 2, bounces: 1 }, [{ type: 'issue_closed' }], '2026-03-04T10:00:00.000Z');
    expect(closedDay!.deltas).toMatchObject({ closedReroutes: 2, closedBounces: 1 });
    expect(closedDay!.deltas.firstTimeRight).toBeUndefined();
    expect(figureDeltas({ ...issue, reopens: 1 }, [{ type: 'issue_closed' }], '2026-03-04T10:00:00.000Z')[0]!.deltas.firstTimeRight).toBeUndefined();
  });

  it('a first claim adds the step’s wait before claim; a completion its work time and whether it met its SLA', () => {
    const now = '2026-03-02T11:00:00.000Z';
    expect(
      figureDeltas(
        issue,
        [
          { type: 'task_claimed', data: { step: 'review', openedAt: '2026-03-02T10:59:00.000Z' } },
          { type: 'task_claimed', data: { step: 'triage' } },
          { type: 'task_completed', data: { step: 'inform', claimedAt: '2026-03-02T10:50:00.000Z', dueAt: '2026-03-02T11:00:00.000Z' } },
          { type: 'task_completed', data: { step: 'late', dueAt: '2026-03-02T10:59:59.999Z' } },
          { type: 'sla_breached', data: { step: 'review' } },
          { type: 'note_added', data: { step: 'review' } },
        ],
        now,
      ),
    ).toEqual([{ day: '2026-03-02', version: 2, deltas: { 'claimWait|review|24': 1, 'work|inform|37': 1, 'slaMet|inform': 1, 'slaMissed|late': 1, 'slaMissed|review': 1 } }]);
  });

  it('reopenings and ratings count once customers give them', () => {
    expect(
      figureDeltas(issue, [{ type: 'issue_reopened' }, { type: 'rating_given', data: { rating: 4 } }, { type: 'rating_given', data: { rating: 'five' } }], '2026-03-05T09:00:00.000Z'),
    ).toEqual([
      { day: '2026-03-05', version: 2, deltas: { reopened: 1, ratings: 1, ratingSum: 4 } },
      { day: '2026-03-02', version: 2, deltas: { stillOpen: 1 } },
      { day: 'total', version: 2, deltas: { openNow: 1 } },
    ]);
  });
});

describe('figures of a period from its aggregates', () => {
  it('derives every figure from the summed aggregates', () => {
    const figures = periodFigures(
      sumDeltas([
        { opened: 3, closed: 2, 'e2e|48': 1, 'e2e|72': 1, 'held|sales': 1800, customerWaitSeconds: 600, firstTimeRight: 1, closedReroutes: 1, closedBounces: 1, 'slaMet|review': 1 },
        { opened: 1, closed: 2, 'e2e|72': 2, 'held|sales': 600, 'held|service': 400, firstTimeRight: 2, reopened: 1, ratings: 2, ratingSum: 9, 'slaMissed|review': 1, 'claimWait|review|24': 2 },
        { 'work|review|37': 1, 'slaMet|review': 1 },
      ]),
    );
    expect(figures).toEqual({
      opened: 4,
      closed: 4,
      endToEnd: { count: 4, p50: 240_387, p90: 240_387 },
      meanHeldSeconds: { sales: 600, service: 100 },
      meanCustomerWaitSeconds: 150,
      firstTimeRightPercent: 75,
      reroutesPer100: 25,
      bouncesPer100: 25,
      reopened: 1,
      reopenPercent: 25,
      ratings: 2,
      meanRating: 4.5,
      steps: [{ step: 'review', waitBeforeClaim: { count: 2, p50: 59, p90: 59 }, work: { count: 1, p50: 558, p90: 558 }, slaMet: 2, slaMissed: 1, slaPercent: 66.7 }],
    });
  });

  it('says “none yet” (null) rather than a number where nothing was closed or rated', () => {
    const figures = periodFigures({ opened: 2 });
    expect(figures).toMatchObject({ opened: 2, closed: 0, endToEnd: { count: 0, p50: null, p90: null }, firstTimeRightPercent: null, reopenPercent: null, meanRating: null });
  });

  it('weeks start on Monday (UTC); ages are whole UTC days in bands', () => {
    expect(['2026-03-01', '2026-03-02', '2026-03-08', '2026-03-09'].map(weekOf)).toEqual(['2026-02-23', '2026-03-02', '2026-03-02', '2026-03-09']);
    expect(['2026-03-10', '2026-03-09', '2026-03-08', '2026-03-04', '2026-03-03', '2026-02-09', '2026-02-08'].map((day) => ageBandOf(day, '2026-03-10'))).toEqual([
      'today',
      '1-2d',
      '1-2d',
      '3-6d',
      '7-29d',
      '7-29d',
      '30d+',
    ]);
  });

  it('open issues by age sum a day’s shards before anything is counted (a closure lands on any shard of the opening day)', () => {
    const shard = (stillOpen: number): AggregateRow => ({ flowId: 'service-request', day: '2026-03-09', version: 1, deltas: { stillOpen } });
    const report = figuresReport({ from: '2026-03-09', to: '2026-03-10', today: '2026-03-10' }, [shard(-1), shard(2), shard(0)], [], percentileErrorBound);
    expect(report.openByAge.find((band) => band.band === '1-2d')).toEqual({ band: '1-2d', count: 1 });
  });

  it('a report splits the period by version and by week, and counts open issues by age now', () => {
    const row = (flowId: string, day: string, version: number, deltas: Record<string, number>): AggregateRow => ({ flowId, day, version, deltas });
    const report = figuresReport(
      { from: '2026-03-01', to: '2026-03-10', today: '2026-03-10', flowId: 'billing-dispute' },
      [
        row('billing-dispute', '2026-02-20', 1, { opened: 5, stillOpen: 1 }),
        row('billing-dispute', '2026-03-01', 1, { opened: 2, closed: 1, stillOpen: 1 }),
        row('billing-dispute', '2026-03-09', 2, { opened: 1, stillOpen: 1 }),
        row('billing-dispute', '2026-03-10', 2, { opened: 1, closed: 1, stillOpen: -1 }),
        row('service-request', '2026-03-10', 1, { opened: 7 }),
      ],
      [row('billing-dispute', 'total', 1, { openNow: 3 }), row('billing-dispute', 'total', 2, { openNow: 1 }), row('service-request', 'total', 1, { openNow: 7 })],
      percentileErrorBound,
    );
    expect(report.figures).toMatchObject({ opened: 4, closed: 2 });
    expect(report.versions.map(({ flowId, version, figures }) => [flowId, version, figures.opened])).toEqual([
      ['billing-dispute', 1, 2],
      ['billing-dispute', 2, 2],
    ]);
    expect(report.weeks.map(({ week, figures }) => [week, figures.opened])).toEqual([
      ['2026-02-23', 2],
      ['2026-03-09', 2],
    ]);
    // Four open now: one opened on 03-09, two on earlier days of the window, one older than 30 days (4 − 3).
    expect(report.openByAge).toEqual([
      { band: 'today', count: 0 },
      { band: '1-2d', count: 1 },
      { band: '3-6d', count: 0 },
      { band: '7-29d', count: 2 },
      { band: '30d+', count: 1 },
    ]);
  });
});

describe('where a day’s figures are kept: an item per histogram, whole from its first write', () => {
  vi.stubEnv('BATON_TABLE_NAME', 'figures-unit-test');
  const issue = { flowId: 'delivery-delay', flowVersion: 2, createdAt: '2026-03-02T10:00:00.000Z', flowStartedAt: '2026-03-02T10:00:00.000Z', holders: [], clocks: { service: 600 }, reroutes: 0, bounces: 0 };
  const keptIn = (events: Parameters<typeof figureWrites>[1], now: string) => figureWrites(issue, events, now).map((write) => String(write.Update!.Key!.sk).replace(/#S\d$/, '#S?'));

  it('a claim writes its step’s wait item, a completion or a breach its work item, a closure the day’s closures item', () => {
    expect(keptIn([{ type: 'task_claimed', data: { step: 'replan', openedAt: '2026-03-02T10:00:00.000Z' } }], '2026-03-02T11:00:00.000Z')).toEqual(['DAY#2026-03-02#V0002#wait|replan']);
    expect(keptIn([{ type: 'task_completed', data: { step: 'replan', claimedAt: '2026-03-02T10:00:00.000Z', dueAt: '2026-03-03T10:00:00.000Z' } }], '2026-03-02T11:00:00.000Z')).toEqual([
      'DAY#2026-03-02#V0002#work|replan',
    ]);
    expect(keptIn([{ type: 'sla_breached', data: { step: 'replan' } }], '2026-03-02T11:00:00.000Z')).toEqual(['DAY#2026-03-02#V0002#work|replan']);
    expect(keptIn([{ type: 'flow_started', data: { flowVersion: 2 } }], '2026-03-02T10:00:00.000Z')).toEqual(['DAY#2026-03-02#V0002#S?', 'TOTAL#V0002#S?']);
  });

  it('a closure writes no more items than before: on its opening day the still-open count rides in the closures item', () => {
    expect(keptIn([{ type: 'issue_closed' }], '2026-03-02T18:00:00.000Z')).toEqual(['DAY#2026-03-02#V0002#closed', 'TOTAL#V0002#S?']);
    expect(keptIn([{ type: 'issue_closed' }], '2026-03-04T18:00:00.000Z')).toEqual(['DAY#2026-03-04#V0002#closed', 'DAY#2026-03-02#V0002#S?', 'TOTAL#V0002#S?']);
    expect(dayItemDeltas({ closed: 1, 'e2e|60': 1, stillOpen: -1 })).toEqual([{ item: 'closed', attributes: { '60': 1, closed: 1, stillOpen: -1 } }]);
  });

  it('every write names each attribute of its item, so an item is as large after its first write as after a million', () => {
    const items: DayItem[] = ['counters', 'wait|inform-date-escalation', 'work|inform-date-escalation', 'closed'];
    for (const item of items) {
      const update = dayItemUpdate('delivery-delay', '2026-03-02', 2, 3, item, { [wholeAttributes(item)[0]!]: 1 })!.Update!;
      expect(Object.values(update.ExpressionAttributeNames!).sort()).toEqual([...wholeAttributes(item)].sort());
      // DynamoDB allows 4 KB per expression and 300 operators or functions in an update expression.
      expect(update.UpdateExpression!.length).toBeLessThan(4096);
      expect(update.UpdateExpression!.match(/if_not_exists\(/g)?.length ?? 0).toBeLessThan(300);
      // The item's size: keys, and every attribute at a count of 1 and of 999,999: one write unit either way.
      const sized = (count: number) => itemSize(marshall({ ...update.Key, ...Object.fromEntries(wholeAttributes(item).map((name) => [name, count])) }));
      expect(sized(999_999)).toBeLessThanOrEqual(1024);
      expect(sized(999_999) - sized(1)).toBeLessThanOrEqual(3 * wholeAttributes(item).length);
    }
  });

  it('a stored item reads back under the figures’ own names; a shard written before histogram items reads as it is', () => {
    const row = (sk: string, attributes: Record<string, number>) => rowOf('delivery-delay', { pk: figureKeys.flow('delivery-delay'), sk, ...attributes });
    expect(row('DAY#2026-03-02#V0002#work|replan', { '48': 2, '49': 0, slaMet: 1, slaMissed: 0, stillOpen: -1 })).toEqual({
      flowId: 'delivery-delay',
      day: '2026-03-02',
      version: 2,
      deltas: { 'work|replan|48': 2, 'work|replan|49': 0, 'slaMet|replan': 1, 'slaMissed|replan': 0, stillOpen: -1 },
    });
    expect(row('DAY#2026-03-02#V0002#wait|replan', { '24': 1 }).deltas).toEqual({ 'claimWait|replan|24': 1 });
    expect(row('DAY#2026-03-02#V0002#closed', { '70': 1, closed: 1, 'held|service': 600 }).deltas).toEqual({ 'e2e|70': 1, closed: 1, 'held|service': 600 });
    const oldLayout = { opened: 3, 'claimWait|replan|24': 2, 'work|replan|37': 1, 'slaMet|replan': 1, 'e2e|70': 1, closed: 1 };
    expect(row('DAY#2026-03-02#V0002#S1', oldLayout)).toEqual({ flowId: 'delivery-delay', day: '2026-03-02', version: 2, deltas: oldLayout });
    expect(row('TOTAL#V0002#S1', { openNow: 4 })).toEqual({ flowId: 'delivery-delay', day: 'total', version: 2, deltas: { openNow: 4 } });
  });

  it('the same figures come out of the new items as out of one item holding everything', () => {
    const deltas = figureDeltas(issue, [{ type: 'task_completed', data: { step: 'replan', claimedAt: '2026-03-02T10:00:00.000Z', dueAt: '2026-03-02T10:30:00.000Z' } }], '2026-03-02T11:00:00.000Z')[0]!.deltas;
    const split = dayItemDeltas(deltas).map(({ item, attributes }) => figuresOfDayItem(item, attributes));
    expect(periodFigures(sumDeltas(split))).toEqual(periodFigures(deltas));
  });
});
