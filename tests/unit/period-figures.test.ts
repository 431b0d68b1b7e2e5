import { describe, expect, it } from 'vitest';
import { figureDeltas, type FigureIssue } from '#shared/domain/figure-deltas.ts';
import { addHistograms, bucketOf, bucketValue, percentile, percentileErrorBound } from '#shared/domain/histogram.ts';
import { ageBandOf, figuresReport, periodFigures, sumDeltas, weekOf, type AggregateRow } from '#shared/domain/period-figures.ts';

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
