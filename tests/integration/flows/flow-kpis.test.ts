// The managers' KPIs and bounce report on GET /api/flows/{flowId}/map, through the HTTP API against
// the local runtime: after issues are closed, rerouted, bounced, left late and left open, the map's
// figures say what the issues' own views (issue 360) say. This file has its own runtime, so the
// flow's figures start at zero. One SLA breaches because the test moves the runtime's clock past it.
// Then GET /api/figures: a known scenario over two UTC days, every duration set by moving the clock,
// and each figure's exact value per day, for both days and per version.
import { describe, expect, it } from 'vitest';
import { closed, flowPlayersForFile, typesOf } from '../../support/flow-actors.ts';
import { config } from '#shared/config.ts';
import { figureKeys } from '#shared/data/entities/figures-aggregate.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { allBuckets } from '#shared/domain/histogram.ts';
import { flowVersions } from '#shared/flows/catalog.ts';

const the = flowPlayersForFile();

async function mapOf(flowId: string) {
  const response = await the.baton.request('GET', `/api/flows/${flowId}/map`, { token: the.tokens.manager });
  expect(response.status).toBe(200);
  return response.body;
}

/** Sales asks the customer a question, the customer answers, then the dispute goes on to its end. */
async function askedTheCustomer() {
  const customer = await the.submit('billing-dispute', { subject: 'Which invoice?' });
  const review = await the.taskOf(customer.issueId, 'review', { as: 'sales' });
  await the.complete('sales', review, 'ask_customer', { question: 'Which invoice do you mean?' });
  await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
  expect((await the.message(customer, 'Invoice 42')).body.answeredQuestion).toBe(true);
  await the.complete('sales', await the.taskOf(customer.issueId, 'review', { as: 'sales', not: [review.taskId] }), 'no_credit', { explanation: 'Invoice 42 is right' });
  await the.complete('service', await the.taskOf(customer.issueId, 'inform-decision', { as: 'service' }), 'customer_informed', { message: 'Explained' });
  return the.until(customer.issueId, closed);
}

/** Sales reroutes the review to service, service sends it back to sales (a bounce), a manager gives it to sales. */
async function bouncedBetweenSalesAndService() {
  const { issueId } = await the.submit('billing-dispute', { subject: 'Bounced invoice' });
  const first = await the.taskOf(issueId, 'review', { as: 'sales' });
  await the.complete('sales', first, 'reroute', { reason: 'A service contract invoice', toDepartment: 'service' });
  const second = await the.taskOf(issueId, 'review', { as: 'service', not: [first.taskId] });
  await the.complete('service', second, 'reroute', { reason: 'Invoices are sales’', toDepartment: 'sales' });
  await the.complete('manager', await the.taskOf(issueId, 'review-owner', { as: 'manager' }), 'assign_owner', { owner: 'sales', instructions: 'Sales reviews invoices' });
  await the.complete('sales', await the.taskOf(issueId, 'review', { as: 'sales', not: [first.taskId, second.taskId] }), 'no_credit', { explanation: 'Correct' });
  await the.complete('service', await the.taskOf(issueId, 'inform-decision', { as: 'service' }), 'customer_informed', { message: 'Told them' });
  return the.until(issueId, closed);
}

/**
 * Nobody tells the customer in time: the SLA breaches, a manager returns the step, service finishes it.
 * It moves the clock 8 h on, so it runs alone: an 8 h step of another scenario open then would breach too.
 */
async function leftLate() {
  const { issueId } = await the.submit('billing-dispute', { subject: 'Late notice' });
  await the.complete('sales', await the.taskOf(issueId, 'review', { as: 'sales' }), 'no_credit', { explanation: 'Correct' });
  const late = await the.taskOf(issueId, 'inform-decision', { as: 'service' });
  the.passDeadline(late.dueAt);
  const escalation = await the.taskOf(issueId, 'inform-decision-escalation');
  await the.complete('manager', escalation, 'return_to_step', { instructions: 'Tell them today' });
  await the.complete('service', await the.taskOf(issueId, 'inform-decision', { as: 'service', not: [late.taskId] }), 'customer_informed', { message: 'Sorry for the wait' });
  return the.until(issueId, closed);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const closedAt = (view: any) => view.events.find((event: { type: string }) => event.type === 'issue_closed').at as string;
const endToEnd = (view: any) => Math.round((Date.parse(closedAt(view)) - Date.parse(view.issue.createdAt)) / 1000);

describe('the managers’ KPIs and bounce report on the process map', () => {
  it('after issues are closed, rerouted, bounced and breached, the map’s figures agree with the issues’ own views', { timeout: 240_000 }, async () => {
    // Prepare
    const before = await mapOf('billing-dispute');
    expect(before.kpis).toEqual({ openIssues: 0, closedIssues: 0, meanCycleSeconds: null, meanHeldSeconds: {}, customerWaitShare: null, reroutes: 0, bounces: 0, reopens: 0, slaBreaches: 0 });
    expect(before.bounces).toEqual([]);

    // Act
    const finished = [...(await Promise.all([askedTheCustomer(), bouncedBetweenSalesAndService()])), await leftLate()];
    // One more issue, left open (submitted last, so its step is far from its SLA when the figures are read).
    const { issueId: openIssueId } = await the.submit('billing-dispute', { subject: 'Still open' });
    await the.taskOf(openIssueId, 'review', { as: 'sales' });
    const views = [...(await Promise.all(finished.map((view) => the.view(view.issue.issueId)))), await the.view(openIssueId)];
    const after = await mapOf('billing-dispute');

    // Assess: what the scenario did…
    const closedViews = views.filter(closed);
    expect(closedViews).toHaveLength(3);
    expect(after.kpis).toMatchObject({ openIssues: 1, closedIssues: 3, reroutes: 2, bounces: 1, slaBreaches: 1 });
    expect(after.bounces).toEqual([{ step: 'review', from: 'service', to: 'sales', count: 1 }]);
    // …and that every figure is what the issues' own views say.
    const totalEndToEnd = sum(closedViews.map(endToEnd));
    const departments = new Set(closedViews.flatMap((view) => Object.keys(view.clocks)).filter((department) => department !== 'customer'));
    const heldTotals = [...departments].map((department) => [department, sum(closedViews.map((view) => view.clocks[department] ?? 0))] as const);
    expect(after.kpis).toEqual({
      openIssues: views.length - closedViews.length,
      closedIssues: closedViews.length,
      meanCycleSeconds: Math.round(totalEndToEnd / closedViews.length),
      meanHeldSeconds: Object.fromEntries(heldTotals.filter(([, total]) => total > 0).map(([department, total]) => [department, Math.round(total / closedViews.length)])),
      customerWaitShare: sum(closedViews.map((view) => view.clocks.customer)) / totalEndToEnd,
      reroutes: sum(views.map((view) => view.issue.reroutes)),
      bounces: sum(views.map((view) => view.issue.bounces)),
      reopens: sum(views.map((view) => view.issue.reopens)),
      slaBreaches: sum(views.map((view) => typesOf(view).filter((type) => type === 'sla_breached').length)),
    });
    const bounceEvents = views.flatMap((view) => view.events.filter((event: { type: string }) => event.type === 'issue_bounced'));
    expect(after.bounces).toEqual(bounceEvents.map((event: { data: { step: string; from: string; to: string } }) => ({ step: event.data.step, from: event.data.from, to: event.data.to, count: 1 })));
    // Service held the late step past its SLA (the clock moved); sales' holds last as long as the test's
    // own requests, which may round to 0 s and then be left out: the exact equality above covers them.
    expect(after.kpis.meanHeldSeconds).toHaveProperty('service');
    // The map's step figures and its KPIs come from the same shards: breaches add up.
    type MapNode = { kind: string; counts?: { breachedPast: number } };
    expect(sum(after.nodes.filter((node: MapNode) => node.kind === 'step' && node.counts).map((node: MapNode) => node.counts!.breachedPast))).toBe(after.kpis.slaBreaches);
  });

  it('each flow has its own figures', async () => {
    expect((await mapOf('delivery-delay')).kpis).toMatchObject({ openIssues: 0, closedIssues: 0, reroutes: 0, bounces: 0 });
  });
});

describe('the managers’ figures per period and per flow version', () => {
  const hour = 3_600_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const figures = (query: string, token = the.tokens.manager, accept?: string) =>
    the.baton.request('GET', `/api/figures?${query}`, { token, ...(accept ? { headers: { accept } } : {}) });
  const claim = async (as: 'service' | 'production' | 'manager', task: { taskId: string }) => {
    expect((await the.baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: the.tokens[as] })).status).toBe(200);
  };
  const finish = async (as: 'service' | 'production', task: { taskId: string }, outcome: string, fields: Record<string, unknown>) => {
    const response = await the.baton.request('POST', `/api/tasks/${task.taskId}/complete`, { token: the.tokens[as], body: { outcome, fields, packet: { summary: outcome } } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  const scheduled = { visitDate: '2030-01-10' };

  it('each figure has its exact value per day, for both days, and per version', { timeout: 300_000 }, async () => {
    // Prepare: the next UTC day at 01:00 on the runtime's clock, so the first day's steps all fall on it.
    const start = Math.ceil(the.baton.clock.now() / (24 * hour)) * 24 * hour + hour;
    the.baton.clock.advance(start - the.baton.clock.now());
    const first = day(start);
    const second = day(start + 24 * hour);

    // Act, day one. 01:00: three service requests.
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => the.submit('service-request', { subject: `Figures ${n}` })));
    const [aSchedule, bSchedule] = await Promise.all([a!, b!, c!].map((issue) => the.taskOf(issue.issueId, 'schedule', { as: 'service' })));
    // 02:00: A's and B's schedules claimed after 1 h; C's is left alone.
    the.baton.clock.advance(hour);
    await Promise.all([claim('service', aSchedule!), claim('service', bSchedule!)]);
    // 03:00: A's schedule done after 1 h of work; B's rerouted to production after 1 h (a completion too).
    the.baton.clock.advance(hour);
    await finish('service', aSchedule!, 'visit_scheduled', scheduled);
    await finish('service', bSchedule!, 'reroute', { reason: 'Needs a production engineer', toDepartment: 'production' });
    const aVisit = await the.taskOf(a!.issueId, 'site-visit', { as: 'service' });
    const bProduction = await the.taskOf(b!.issueId, 'schedule', { as: 'production', not: [bSchedule!.taskId] });
    // 05:00: both claimed after 2 h. 07:00: both done after 2 h.
    the.baton.clock.advance(2 * hour);
    await Promise.all([claim('service', aVisit), claim('production', bProduction)]);
    the.baton.clock.advance(2 * hour);
    await finish('service', aVisit, 'fixed_on_site', { work: 'New seal' });
    await finish('production', bProduction, 'visit_scheduled', scheduled);
    const aComplete = await the.taskOf(a!.issueId, 'complete', { as: 'service' });
    const bVisit = await the.taskOf(b!.issueId, 'site-visit', { as: 'service' });
    // 10:00: C's 8 h schedule SLA (due 09:00) has run out. A's completion claimed after 3 h, done at 11:00: A closes.
    the.baton.clock.advance(3 * hour);
    await the.taskOf(c!.issueId, 'schedule-escalation');
    await claim('service', aComplete);
    the.baton.clock.advance(hour);
    await finish('service', aComplete, 'customer_confirmed', { confirmation: 'Works' });
    const aClosed = await the.until(a!.issueId, closed);

    // Act, day two. 02:00: B's site visit claimed after 19 h; 03:00 done; its completion claimed at 04:00, done at 05:00.
    the.baton.clock.advance(15 * hour);
    await claim('service', bVisit);
    the.baton.clock.advance(hour);
    await finish('service', bVisit, 'fixed_on_site', { work: 'Adjusted' });
    const bComplete = await the.taskOf(b!.issueId, 'complete', { as: 'service' });
    the.baton.clock.advance(hour);
    await claim('service', bComplete);
    the.baton.clock.advance(hour);
    await finish('service', bComplete, 'customer_confirmed', { confirmation: 'Works now' });
    const bClosed = await the.until(b!.issueId, closed);

    // Assess. Durations are reported as their bucket's middle (shared/domain/histogram.ts): 1 h → 3756 s,
    // 2 h → 7512 s, 3 h → 10624 s, 10 h → 35734 s, 19 h → 71468 s, 28 h → 101070 s.
    const once = (seconds: number) => ({ count: 1, p50: seconds, p90: seconds });
    const meanHeld = (views: any[]) => {
      const departments = [...new Set(views.flatMap((view) => Object.keys(view.clocks)))].filter((name) => name !== 'customer');
      return Object.fromEntries(departments.map((name) => [name, Math.round(sum(views.map((view) => view.clocks[name] ?? 0)) / views.length)]).filter(([, mean]) => mean !== 0));
    };
    // A period's figures: its own, and those this scenario never moves (no customer waits, bounces, reopenings or ratings).
    type Own = { opened: number; closed: number; endToEnd: unknown; firstTimeRightPercent: number; reroutesPer100: number };
    const period = (own: Own, held: any[], steps: unknown[]) =>
      ({ ...own, meanHeldSeconds: meanHeld(held), meanCustomerWaitSeconds: 0, bouncesPer100: 0, reopened: 0, reopenPercent: 0, ratings: 0, meanRating: null, steps });
    // Every schedule was done on day one: A's, B's before its reroute and B's in production met the SLA, C's breached it.
    const schedule = { step: 'schedule', waitBeforeClaim: { count: 3, p50: 3756, p90: 7512 }, work: { count: 3, p50: 3756, p90: 7512 }, slaMet: 3, slaMissed: 1, slaPercent: 75 };
    const dayOne = await figures(`from=${first}&to=${first}&flowId=service-request`);
    expect(dayOne.status).toBe(200);
    expect(dayOne.body.figures).toEqual(
      period({ opened: 3, closed: 1, endToEnd: once(35_734), firstTimeRightPercent: 100, reroutesPer100: 0 }, [aClosed], [
        { step: 'complete', waitBeforeClaim: once(10_624), work: once(3756), slaMet: 1, slaMissed: 0, slaPercent: 100 },
        schedule,
        { step: 'site-visit', waitBeforeClaim: once(7512), work: once(7512), slaMet: 1, slaMissed: 0, slaPercent: 100 },
      ]),
    );
    const dayTwo = await figures(`from=${second}&to=${second}&flowId=service-request`);
    expect(dayTwo.body.figures).toEqual(
      period({ opened: 0, closed: 1, endToEnd: once(101_070), firstTimeRightPercent: 0, reroutesPer100: 100 }, [bClosed], [
        { step: 'complete', waitBeforeClaim: once(3756), work: once(3756), slaMet: 1, slaMissed: 0, slaPercent: 100 },
        { step: 'site-visit', waitBeforeClaim: once(71_468), work: once(3756), slaMet: 1, slaMissed: 0, slaPercent: 100 },
      ]),
    );
    const both = await figures(`from=${first}&to=${second}&flowId=service-request`);
    expect(both.body.figures).toEqual(
      period({ opened: 3, closed: 2, endToEnd: { count: 2, p50: 35_734, p90: 101_070 }, firstTimeRightPercent: 50, reroutesPer100: 50 }, [aClosed, bClosed], [
        { step: 'complete', waitBeforeClaim: { count: 2, p50: 3756, p90: 10_624 }, work: { count: 2, p50: 3756, p90: 3756 }, slaMet: 2, slaMissed: 0, slaPercent: 100 },
        schedule,
        { step: 'site-visit', waitBeforeClaim: { count: 2, p50: 7512, p90: 71_468 }, work: { count: 2, p50: 3756, p90: 7512 }, slaMet: 2, slaMissed: 0, slaPercent: 100 },
      ]),
    );
    // C is open, opened yesterday (UTC); A and B are closed.
    expect(both.body.openByAge).toEqual([
      { band: 'today', count: 0 },
      { band: '1-2d', count: 1 },
      { band: '3-6d', count: 0 },
      { band: '7-29d', count: 0 },
      { band: '30d+', count: 0 },
    ]);
    // Per version: every issue ran on the flow's current version, so its figures are the period's, and the next version has none.
    const current = flowVersions['service-request'];
    expect(both.body.versions).toEqual([{ flowId: 'service-request', version: current, figures: both.body.figures }]);
    expect((await figures(`from=${first}&to=${second}&flowId=service-request&version=${current}`)).body.figures).toEqual(both.body.figures);
    expect((await figures(`from=${first}&to=${second}&flowId=service-request&version=${current + 1}`)).body.figures).toMatchObject({ opened: 0, closed: 0, steps: [] });
    // Weeks (Monday, UTC) split the same days: together they are the period.
    expect(sum(both.body.weeks.map((week: any) => week.figures.opened))).toBe(3);
    expect(sum(both.body.weeks.map((week: any) => week.figures.closed))).toBe(2);
    // Every flow together: the service requests are one version among the others.
    const everyFlow = await figures(`from=${first}&to=${second}`);
    expect(everyFlow.body.versions.find((version: any) => version.flowId === 'service-request').figures).toEqual(both.body.figures);

    // The steps table as CSV, with either way of asking for it.
    const csv = await figures(`from=${first}&to=${second}&flowId=service-request&format=csv&table=steps`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toBe(
      [
        'step,nameEn,nameZh,waitBeforeClaimP50Seconds,waitBeforeClaimP90Seconds,workP50Seconds,workP90Seconds,slaMet,slaMissed,slaPercent',
        'complete,Complete the work with the customer,完工并由客户确认,3756,10624,3756,3756,2,0,100',
        'schedule,Schedule a visit,预约上门,3756,7512,3756,7512,3,1,75',
        'site-visit,Visit the customer on site,上门处理,7512,71468,3756,7512,2,0,100',
        '',
      ].join('\r\n'),
    );
    expect((await figures(`from=${first}&to=${second}&flowId=service-request&table=steps`, the.tokens.manager, 'text/csv')).body).toBe(csv.body);

    // How day one is kept (docs/FIGURES.md): each histogram in an item of its own with every bucket
    // from its first count (1 h is bucket 48, 2 h bucket 52), the day's shards only counters.
    const dayOneItems = await queryAll({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':pk': figureKeys.flow('service-request'), ':day': `DAY#${first}#V${String(current).padStart(4, '0')}#` },
    });
    const kept = (item: string) => dayOneItems.find((stored) => String(stored.sk).endsWith(`#${item}`))!;
    const buckets = (item: string) => Object.fromEntries(allBuckets.map((bucket) => [String(bucket), kept(item)[bucket]]));
    expect(buckets('wait|schedule')).toEqual({ ...Object.fromEntries(allBuckets.map((bucket) => [String(bucket), 0])), '48': 2, '52': 1 });
    expect(kept('work|schedule')).toMatchObject({ '48': 2, '52': 1, slaMet: 3, slaMissed: 1 });
    expect(Object.keys(buckets('closed')).length).toBe(allBuckets.length);
    const shards = dayOneItems.filter((stored) => /#S\d$/.test(String(stored.sk)));
    expect(shards.length).toBeGreaterThan(0);
    for (const shard of shards) expect(Object.keys(shard).sort()).toEqual(['opened', 'pk', 'ratingSum', 'ratings', 'reopened', 'sk', 'stillOpen']);
  });

  it('bad periods are a 400 naming the field; only managers read the figures', async () => {
    const problem = async (query: string) => {
      const response = await figures(query);
      return { status: response.status, fields: response.body.error?.details?.map((detail: { field: string }) => detail.field) };
    };
    expect(await problem('from=2026-03-10&to=2026-03-01')).toEqual({ status: 400, fields: ['to'] });
    expect(await problem('from=2026-01-01&to=2026-04-03')).toEqual({ status: 400, fields: ['to'] });
    expect(await problem('from=2026-02-30&to=2026-03-01')).toEqual({ status: 400, fields: ['from'] });
    expect(await problem('to=2026-03-01')).toEqual({ status: 400, fields: ['from'] });
    expect(await problem('from=2026-03-01&to=2026-03-01&version=1')).toEqual({ status: 400, fields: ['version'] });
    expect(await problem('from=2026-03-01&to=2026-03-01&flowId=nope')).toEqual({ status: 400, fields: ['flowId'] });
    expect(await problem('from=2026-03-01&to=2026-03-01&table=everything&format=csv')).toEqual({ status: 400, fields: ['table'] });
    expect((await figures('from=2026-03-01&to=2026-03-01', the.tokens.sales)).status).toBe(403);
  });
});
