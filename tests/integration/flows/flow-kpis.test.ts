// The managers' KPIs and bounce report on GET /api/flows/{flowId}/map, through the HTTP API against
// the local runtime: after issues are closed, rerouted, bounced, left late and left open, the map's
// figures say what the issues' own views (issue 360) say. This file has its own runtime, so the
// flow's figures start at zero. One SLA breaches because the test moves the runtime's clock past it.
import { describe, expect, it } from 'vitest';
import { closed, flowPlayersForFile, typesOf } from '../../support/flow-actors.ts';

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
    expect(after.kpis.meanHeldSeconds).toHaveProperty('sales');
    expect(after.kpis.meanHeldSeconds).toHaveProperty('service');
    // The map's step figures and its KPIs come from the same shards: breaches add up.
    expect(sum(after.nodes.filter((node: { human?: unknown }) => node.human).map((node: { human: { counts: { breached: number } } }) => node.human.counts.breached))).toBe(after.kpis.slaBreaches);
  });

  it('each flow has its own figures', async () => {
    expect((await mapOf('delivery-delay')).kpis).toMatchObject({ openIssues: 0, closedIssues: 0, reroutes: 0, bounces: 0 });
  });
});
