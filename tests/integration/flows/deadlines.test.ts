// What happens when time runs out, in every flow: SLA breaches are recorded and escalated to a
// manager (never dropping the issue), and a customer who does not answer gets a reminder, then the
// step goes on without them. Time runs out because the test moves the runtime's clock past a due
// time (nothing sleeps), so the scenarios run one after another (a move reaches every open task of the runtime), each
// on a runtime of its own: an earlier scenario's open tasks would breach again at every later move (tests/README.md, "Time").
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../support/local-baton.ts';
import { flowPlayersForEachTest, typesOf, type Actor } from '../../support/flow-actors.ts';

const hours8 = 8 * 3600 * 1000;
const day = 86_400 * 1000;
// Nothing here waits for time to pass, but a loaded machine answers slowly: the old ceiling stays.
const slow = { timeout: 300_000 };

const the = flowPlayersForEachTest();

type Work = [Actor, string, string, Record<string, unknown>];

/** Submits an issue and does the given steps at once, so the next step is the one left to run late. */
async function issueAt(category: string, steps: Work[]) {
  const customer = await the.submit(category);
  for (const [as, step, outcome, fields] of steps) await the.complete(as, await the.taskOf(customer.issueId, step, { as }), outcome, fields);
  return customer;
}

/** Nobody acts on `step` in its SLA of `slaMs`: the breach is recorded, a manager is asked, and the step comes back to its department. */
async function breachOf(issueId: string, step: string, department: string, slaMs: number) {
  const late = await the.taskOf(issueId, step, { as: 'manager' });
  expect(Date.parse(late.dueAt) - Date.parse(late.createdAt)).toBe(slaMs);
  the.passDeadline(late.dueAt);
  const escalation = await the.taskOf(issueId, `${step}-escalation`);
  const view = await the.view(issueId);
  expect(view.tasks.find((task: TaskView) => task.taskId === late.taskId).status).toBe('expired');
  expect(view.events.find((event: { type: string; data: { taskId?: string } }) => event.type === 'sla_breached' && event.data.taskId === late.taskId)).toMatchObject({ department });
  expect(escalation.department).toBe('management');
  expect(view.issue.status).toBe('escalated');
  await the.complete('manager', escalation, 'return_to_step', { instructions: `Do the ${step} today` });
  const back = await the.taskOf(issueId, step, { not: [late.taskId] });
  expect(back.department).toBe(department);
  // Back to normal unless a manager still holds another part of the issue: in parallel branches the
  // other branch's SLA may have run out when the clock moved past this one's.
  const after = (await the.view(issueId)).issue;
  const managerHolds = after.holders.some((holder: { department: string }) => holder.department === 'management');
  expect(after.status).toBe(managerHolds ? 'escalated' : 'open');
}

describe('when time runs out', () => {
  const triaged: Work = ['service', 'triage', 'confirmed_defect', { findings: 'Noise' }];

  it('a late triage of product-defect is escalated, and its late escalation is escalated again', slow, async () => {
    const { issueId } = await the.submit('product-defect');
    const late = await the.taskOf(issueId, 'triage');
    the.passDeadline(late.dueAt);
    const first = await the.taskOf(issueId, 'triage-escalation');
    // The manager does not act in time either: the escalation expires and opens again.
    expect(Date.parse(first.dueAt) - Date.parse(first.createdAt)).toBe(day);
    the.passDeadline(first.dueAt);
    const again = await the.taskOf(issueId, 'triage-escalation', { not: [first.taskId] });
    const view = await the.view(issueId);
    expect(view.tasks.find((task: TaskView) => task.taskId === first.taskId).status).toBe('expired');
    expect(view.events.filter((event: { type: string }) => event.type === 'sla_breached')).toHaveLength(2);
    await the.complete('manager', again, 'return_to_step', { instructions: 'Triage it now' });
    expect((await the.taskOf(issueId, 'triage', { not: [late.taskId] })).department).toBe('service');
  });

  it('late root cause and remedy of product-defect, open together in the parallel branches, are escalated and come back', slow, async () => {
    // The remedy's day runs out first, then the root cause's two days.
    const { issueId } = await issueAt('product-defect', [triaged]);
    await breachOf(issueId, 'remedy', 'sales', day);
    await breachOf(issueId, 'root-cause', 'production', 2 * day);
  });

  it('a late replacement and a late confirmation of product-defect are escalated and come back', slow, async () => {
    const replacing = await issueAt('product-defect', [
      triaged,
      ['sales', 'remedy', 'replacement', { offer: 'New pump' }],
      ['production', 'root-cause', 'root_cause_found', { rootCause: 'Bearing' }],
    ]);
    await breachOf(replacing.issueId, 'replacement', 'production', 2 * day);
    const confirming = await issueAt('product-defect', [['service', 'triage', 'not_a_defect', { explanation: 'Misuse' }]]);
    await breachOf(confirming.issueId, 'confirm', 'service', day);
  });

  it('every late step of delivery-delay is escalated and comes back to its department', slow, async () => {
    const verified: Work = ['sales', 'verify-order', 'order_verified', { orderStatus: 'Late' }];
    const replanned: Work = ['production', 'replan', 'replanned', { newDate: '2026-06-01', plan: 'Line 2' }];
    const informed: Work = ['sales', 'inform-date', 'customer_informed', { message: '1 June' }];
    await breachOf((await issueAt('delivery-delay', [])).issueId, 'verify-order', 'sales', hours8);
    await breachOf((await issueAt('delivery-delay', [verified])).issueId, 'replan', 'production', day);
    await breachOf((await issueAt('delivery-delay', [verified, replanned])).issueId, 'inform-date', 'sales', hours8);
    await breachOf((await issueAt('delivery-delay', [verified, replanned, informed])).issueId, 'follow-up', 'service', 2 * day);
  });

  it('every late step of service-request is escalated and comes back to its department', slow, async () => {
    const scheduled: Work = ['service', 'schedule', 'visit_scheduled', { visitDate: '2026-04-02' }];
    await breachOf((await issueAt('service-request', [])).issueId, 'schedule', 'service', hours8);
    await breachOf((await issueAt('service-request', [scheduled])).issueId, 'site-visit', 'service', 2 * day);
    const needingParts = await issueAt('service-request', [scheduled, ['service', 'site-visit', 'parts_needed', { parts: 'Seal kit' }]]);
    await breachOf(needingParts.issueId, 'parts', 'production', 2 * day);
    const fixed = await issueAt('service-request', [scheduled, ['service', 'site-visit', 'fixed_on_site', { work: 'Fuse' }]]);
    await breachOf(fixed.issueId, 'complete', 'service', day);
  });

  it('a customer who does not answer gets a reminder on their timeline, and the step goes on without them with a “no reply” note', slow, async () => {
    // Prepare
    const customer = await the.submit('billing-dispute');
    const review = await the.taskOf(customer.issueId, 'review', { as: 'sales' });
    await the.complete('sales', review, 'ask_customer', { question: 'Which invoice number?' });
    const asked = await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');

    // Act: a day without an answer, then another.
    the.passDeadline(Date.parse(asked.events.at(-1).at) + day);
    const reminded = await the.until(customer.issueId, (view) => typesOf(view).includes('customer_reminded'));
    the.passDeadline(Date.parse(reminded.events.find((event: { type: string }) => event.type === 'customer_reminded').at) + day);
    const back = await the.taskOf(customer.issueId, 'review', { not: [review.taskId] });

    // Assess
    expect(reminded.issue.status).toBe('waiting_customer');
    expect(reminded.events.find((event: { type: string }) => event.type === 'customer_reminded')).toMatchObject({ visibility: 'customer', text: 'Which invoice number?' });
    expect(back.department).toBe('sales');
    expect(back.handoff).toMatchObject({ from: 'system', summary: 'No reply from the customer to: Which invoice number?' });
    const view = await the.view(customer.issueId);
    expect(view.issue.status).toBe('open');
    expect(view.events.find((event: { type: string }) => event.type === 'customer_no_reply')).toMatchObject({ visibility: 'internal', department: 'sales' });
    // The customer clock counted the whole wait (two days on the runtime's clock), and stopped.
    expect(view.clocks.customer).toBeGreaterThanOrEqual(Math.floor((2 * day) / 1000) - 2);
    // Asking again starts a new wait, with the same reminder.
    await the.complete('sales', back, 'ask_customer', { question: 'Still: which invoice number?' });
    await the.until(customer.issueId, (found) => found.issue.status === 'waiting_customer');
  });

  it('every late step of billing-dispute, the manager’s approval included, is escalated and comes back', slow, async () => {
    await breachOf((await issueAt('billing-dispute', [])).issueId, 'review', 'sales', day);
    const credited = await issueAt('billing-dispute', [['sales', 'review', 'credit', { amount: 5000, explanation: 'Double charge' }]]);
    await breachOf(credited.issueId, 'approval', 'management', day);
    const refused = await issueAt('billing-dispute', [['sales', 'review', 'no_credit', { explanation: 'Correct charge' }]]);
    await breachOf(refused.issueId, 'inform-decision', 'service', hours8);
  });

  it('a completion entered after the SLA expired is refused as task_closed but kept in the history', slow, async () => {
    // Prepare: service claims the triage, then the SLA runs out before they finish.
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service })).status).toBe(200);
    the.passDeadline(triage.dueAt);
    await the.taskOf(issueId, 'triage-escalation');
    // Act
    const late = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: the.tokens.service,
      body: { outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' }, note: 'Sorry, busy day', packet: { summary: 'Late triage' } },
    });
    // Assess
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
    const view = await the.view(issueId);
    expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('expired');
    expect(view.events.find((event: { type: string }) => event.type === 'late_completion')).toMatchObject({
      actor: { kind: 'staff', username: 'service' },
      text: 'Sorry, busy day',
      data: { taskId: triage.taskId, outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' } },
    });
  });

  it('a customer who answers after the reminder brings the step back with their answer', slow, async () => {
    const customer = await the.submit('billing-dispute');
    const review = await the.taskOf(customer.issueId, 'review', { as: 'sales' });
    await the.complete('sales', review, 'ask_customer', { question: 'Which invoice number?' });
    const asked = await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
    the.passDeadline(Date.parse(asked.events.at(-1).at) + day);
    await the.until(customer.issueId, (view) => typesOf(view).includes('customer_reminded'));
    expect((await the.message(customer, 'INV-2024-118')).body.answeredQuestion).toBe(true);
    const back = await the.taskOf(customer.issueId, 'review', { as: 'sales', not: [review.taskId] });
    expect(back.handoff).toMatchObject({ from: 'customer', summary: 'INV-2024-118' });
    expect(typesOf(await the.view(customer.issueId))).not.toContain('customer_no_reply');
  });
});
