import { describe, expect, it } from 'vitest';
import { closureDeltas, figureNames, rerouteDeltas, sumShards } from '#shared/data/step-stats.ts';
import { flowKpis } from '#shared/domain/flow-kpis.ts';

describe('what a change adds to the flow’s figures', () => {
  it('a closure adds one closed issue, its end-to-end time and its clocks as they stand at closure', () => {
    // Prepare: service held it 10 min, production still holds it since 11:00, the customer took 5 min to answer.
    const issue = {
      createdAt: '2026-01-01T10:00:00Z',
      holders: [{ department: 'production', since: '2026-01-01T11:00:00Z', taskId: 't2' }],
      clocks: { service: 600, customer: 300 },
    };
    // Act
    const deltas = closureDeltas(issue, '2026-01-01T11:30:00Z');
    // Assess
    expect(deltas).toEqual({
      'flow|closed': 1,
      'flow|cycleSeconds': 5400,
      'flow|customerWaitSeconds': 300,
      'dept|service|heldSeconds': 600,
      'dept|production|heldSeconds': 1800,
    });
  });

  it('a reroute counts once; a bounce also counts for its step and its departments', () => {
    expect(rerouteDeltas({ step: 'review', from: 'sales', to: 'service', bounced: false })).toEqual({ 'flow|reroutes': 1 });
    expect(rerouteDeltas({ step: 'review', from: 'service', to: 'sales', bounced: true })).toEqual({
      'flow|reroutes': 1,
      'flow|bounces': 1,
      'bounce|review|service>sales': 1,
    });
  });
});

describe('a flow’s figures summed from its shards', () => {
  it('adds step figures and flow-wide figures across shards, and never takes a flow-wide figure for a step', () => {
    // Prepare: a step named like a flow-wide prefix must not swallow the flow-wide figures.
    const shards = [
      { pk: 'STEPSTATS#billing-dispute', sk: 'SHARD#00', 'review|open': 2, 'flow|claimed': 1, 'flow|started': 3, 'dept|sales|heldSeconds': 100, 'bounce|review|service>sales': 1 },
      { pk: 'STEPSTATS#billing-dispute', sk: 'SHARD#07', 'review|open': -1, 'review|breached': 1, 'flow|started': 1, 'flow|closed': 2, 'flow|cycleSeconds': 900, 'bounce|review|service>sales': 2 },
    ];
    // Act
    const figures = sumShards(shards);
    // Assess
    expect(figures.steps).toEqual({
      review: { open: 1, claimed: 0, completed: 0, breached: 1, cancelled: 0 },
      flow: { open: 0, claimed: 1, completed: 0, breached: 0, cancelled: 0 },
    });
    expect(figures).toMatchObject({ started: 4, closed: 2, cycleSeconds: 900, heldSeconds: { sales: 100 } });
    expect(figures.bounceRoutes).toEqual([{ step: 'review', from: 'service', to: 'sales', count: 3 }]);
  });

  it('reads back what the writers name', () => {
    const names = [figureNames.started, figureNames.closed, figureNames.cycleSeconds, figureNames.customerWaitSeconds, figureNames.reroutes, figureNames.bounces];
    const figures = sumShards([Object.fromEntries(names.map((name, index) => [name, index + 1]))]);
    expect(figures).toMatchObject({ started: 1, closed: 2, cycleSeconds: 3, customerWaitSeconds: 4, reroutes: 5, bounces: 6, steps: {} });
  });
});

describe('the managers’ KPIs', () => {
  const empty = sumShards([]);
  const noTasks = { open: 0, claimed: 0, completed: 0, breached: 0, cancelled: 0 };

  it('before any issue closes, there are no means and no share', () => {
    expect(flowKpis({ ...empty, started: 2 })).toEqual({
      kpis: { openIssues: 2, closedIssues: 0, meanCycleSeconds: null, meanHeldSeconds: {}, customerWaitShare: null, reroutes: 0, bounces: 0, reopens: 0, slaBreaches: 0 },
      bounces: [],
    });
  });

  it('means are per closed issue, the customer share is of the end-to-end time, breaches are every step’s', () => {
    // Prepare
    const figures = {
      ...empty,
      started: 5,
      closed: 4,
      cycleSeconds: 4000,
      customerWaitSeconds: 1000,
      heldSeconds: { sales: 1200, service: 401 },
      reroutes: 3,
      bounces: 2,
      steps: { review: { ...noTasks, completed: 6, breached: 2 }, confirm: { ...noTasks, open: 1, breached: 1 } },
      bounceRoutes: [
        { step: 'review', from: 'service', to: 'sales', count: 1 },
        { step: 'confirm', from: 'sales', to: 'service', count: 1 },
        { step: 'triage', from: 'production', to: 'service', count: 2 },
      ],
    };
    // Act
    const { kpis, bounces } = flowKpis(figures);
    // Assess
    expect(kpis).toEqual({
      openIssues: 1,
      closedIssues: 4,
      meanCycleSeconds: 1000,
      meanHeldSeconds: { sales: 300, service: 100 },
      customerWaitShare: 0.25,
      reroutes: 3,
      bounces: 2,
      reopens: 0,
      slaBreaches: 3,
    });
    expect(bounces.map((route) => `${route.step}:${route.count}`)).toEqual(['triage:2', 'confirm:1', 'review:1']);
  });
});
