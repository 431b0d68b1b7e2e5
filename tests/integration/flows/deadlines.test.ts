// What happens when time runs out, in every flow, on a runtime whose clock runs fast: SLA breaches
// are recorded and escalated to a manager (never dropping the issue), and a customer who does not
// answer gets a reminder, then the step goes on without them. The scenarios run concurrently.
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../support/local-baton.ts';
import { flowPlayersForFile, typesOf, type Actor } from '../../support/flow-actors.ts';

// SLAs of 8 h take about 14 s, a day about 43 s, two days about 86 s: no breach races a person
// who acts at once, even on a loaded CI machine (at half these times, a loaded run once lost that
// race). The customer is reminded after a day and left after another.
const timeFactor = 0.0005;
const seconds = (slaSeconds: number) => slaSeconds * timeFactor * 1000;
const hours8 = seconds(8 * 3600);
const day = seconds(86_400);
const margin = 20_000;
const slow = { timeout: 300_000 };

const the = flowPlayersForFile({ timeFactor });

type Work = [Actor, string, string, Record<string, unknown>];

/** Submits an issue and does the given steps at once, so the next step is the one left to run late. */
async function issueAt(category: string, steps: Work[]) {
  const customer = await the.submit(category);
  for (const [as, step, outcome, fields] of steps) await the.complete(as, await the.taskOf(customer.issueId, step, { as }), outcome, fields);
  return customer;
}

/** Nobody acts on `step` in time: the breach is recorded, a manager is asked, and the step comes back to its department. */
async function breachOf(issueId: string, step: string, department: string, slaMs: number) {
  const late = await the.taskOf(issueId, step, { as: 'manager' });
  const escalation = await the.taskAfterDeadline(issueId, `${step}-escalation`, slaMs + margin);
  const view = await the.view(issueId);
  expect(view.tasks.find((task: TaskView) => task.taskId === late.taskId).status).toBe('expired');
  expect(view.events.find((event: { type: string; data: { taskId?: string } }) => event.type === 'sla_breached' && event.data.taskId === late.taskId)).toMatchObject({ department });
  expect(escalation.department).toBe('management');
  expect(view.issue.status).toBe('escalated');
  await the.complete('manager', escalation, 'return_to_step', { instructions: `Do the ${step} today` });
  const back = await the.taskOf(issueId, step, { not: [late.taskId] });
  expect(back.department).toBe(department);
  // Back to normal unless a manager still holds another part of the issue: in parallel branches the
  // other branch's SLA may have run out meanwhile (on a loaded machine it has, in either order).
  const after = (await the.view(issueId)).issue;
  const managerHolds = after.holders.some((holder: { department: string }) => holder.department === 'management');
  expect(after.status).toBe(managerHolds ? 'escalated' : 'open');
}

// One describe, so the scenarios run at once (vitest runs at most 5 at a time: the longest come first).
describe.concurrent('when time runs out', () => {
  it('late steps of product-defect are escalated and come back: the triage (whose late escalation is escalated again), root cause and remedy at once in the parallel branches, the replacement, the confirmation', slow, async () => {
    const lateTriage = async () => {
      const { issueId } = await the.submit('product-defect');
      const late = await the.taskOf(issueId, 'triage');
      const first = await the.taskAfterDeadline(issueId, 'triage-escalation', hours8 + margin);
      // The manager does not act in time either: the escalation expires and opens again.
      const again = await the.taskAfterDeadline(issueId, 'triage-escalation', day + margin, [first.taskId]);
      const view = await the.view(issueId);
      expect(view.tasks.find((task: TaskView) => task.taskId === first.taskId).status).toBe('expired');
      expect(view.events.filter((event: { type: string }) => event.type === 'sla_breached')).toHaveLength(2);
      await the.complete('manager', again, 'return_to_step', { instructions: 'Triage it now' });
      expect((await the.taskOf(issueId, 'triage', { not: [late.taskId] })).department).toBe('service');
    };
    const triaged: Work = ['service', 'triage', 'confirmed_defect', { findings: 'Noise' }];
    await Promise.all([
      lateTriage(),
      issueAt('product-defect', [triaged]).then(({ issueId }) =>
        Promise.all([breachOf(issueId, 'remedy', 'sales', day), breachOf(issueId, 'root-cause', 'production', 2 * day)]),
      ),
      issueAt('product-defect', [
        triaged,
        ['sales', 'remedy', 'replacement', { offer: 'New pump' }],
        ['production', 'root-cause', 'root_cause_found', { rootCause: 'Bearing' }],
      ]).then(({ issueId }) => breachOf(issueId, 'replacement', 'production', 2 * day)),
      issueAt('product-defect', [['service', 'triage', 'not_a_defect', { explanation: 'Misuse' }]]).then(({ issueId }) => breachOf(issueId, 'confirm', 'service', day)),
    ]);
  });

  it('every late step of delivery-delay is escalated and comes back to its department', slow, async () => {
    const verified: Work = ['sales', 'verify-order', 'order_verified', { orderStatus: 'Late' }];
    const replanned: Work = ['production', 'replan', 'replanned', { newDate: '2026-06-01', plan: 'Line 2' }];
    const informed: Work = ['sales', 'inform-date', 'customer_informed', { message: '1 June' }];
    await Promise.all([
      issueAt('delivery-delay', []).then(({ issueId }) => breachOf(issueId, 'verify-order', 'sales', hours8)),
      issueAt('delivery-delay', [verified]).then(({ issueId }) => breachOf(issueId, 'replan', 'production', day)),
      issueAt('delivery-delay', [verified, replanned]).then(({ issueId }) => breachOf(issueId, 'inform-date', 'sales', hours8)),
      issueAt('delivery-delay', [verified, replanned, informed]).then(({ issueId }) => breachOf(issueId, 'follow-up', 'service', 2 * day)),
    ]);
  });

  it('every late step of service-request is escalated and comes back to its department', slow, async () => {
    const scheduled: Work = ['service', 'schedule', 'visit_scheduled', { visitDate: '2026-04-02' }];
    await Promise.all([
      issueAt('service-request', []).then(({ issueId }) => breachOf(issueId, 'schedule', 'service', hours8)),
      issueAt('service-request', [scheduled]).then(({ issueId }) => breachOf(issueId, 'site-visit', 'service', 2 * day)),
      issueAt('service-request', [scheduled, ['service', 'site-visit', 'parts_needed', { parts: 'Seal kit' }]]).then(({ issueId }) =>
        breachOf(issueId, 'parts', 'production', 2 * day),
      ),
      issueAt('service-request', [scheduled, ['service', 'site-visit', 'fixed_on_site', { work: 'Fuse' }]]).then(({ issueId }) =>
        breachOf(issueId, 'complete', 'service', day),
      ),
    ]);
  });

  it('a customer who does not answer gets a reminder on their timeline, and the step goes on without them with a “no reply” note', slow, async () => {
    // Prepare
    const customer = await the.submit('billing-dispute');
    const review = await the.taskOf(customer.issueId, 'review', { as: 'sales' });

    // Act
    await the.complete('sales', review, 'ask_customer', { question: 'Which invoice number?' });
    const reminded = await the.until(customer.issueId, (view) => typesOf(view).includes('customer_reminded'), day + margin);
    const back = await the.taskAfterDeadline(customer.issueId, 'review', day + margin, [review.taskId]);

    // Assess
    expect(reminded.issue.status).toBe('waiting_customer');
    expect(reminded.events.find((event: { type: string }) => event.type === 'customer_reminded')).toMatchObject({ visibility: 'customer', text: 'Which invoice number?' });
    expect(back.department).toBe('sales');
    expect(back.handoff).toMatchObject({ from: 'system', summary: 'No reply from the customer to: Which invoice number?' });
    const view = await the.view(customer.issueId);
    expect(view.issue.status).toBe('open');
    expect(view.events.find((event: { type: string }) => event.type === 'customer_no_reply')).toMatchObject({ visibility: 'internal', department: 'sales' });
    // The customer clock counted the whole wait (about two fast days), and stopped.
    expect(view.clocks.customer).toBeGreaterThanOrEqual(Math.floor((2 * day) / 1000) - 2);
    // Asking again starts a new wait, with the same reminder.
    await the.complete('sales', back, 'ask_customer', { question: 'Still: which invoice number?' });
    await the.until(customer.issueId, (found) => found.issue.status === 'waiting_customer');
  });

  it('every late step of billing-dispute, the manager’s approval included, is escalated and comes back', slow, async () => {
    await Promise.all([
      issueAt('billing-dispute', []).then(({ issueId }) => breachOf(issueId, 'review', 'sales', day)),
      issueAt('billing-dispute', [['sales', 'review', 'credit', { amount: 5000, explanation: 'Double charge' }]]).then(({ issueId }) =>
        breachOf(issueId, 'approval', 'management', day),
      ),
      issueAt('billing-dispute', [['sales', 'review', 'no_credit', { explanation: 'Correct charge' }]]).then(({ issueId }) =>
        breachOf(issueId, 'inform-decision', 'service', hours8),
      ),
    ]);
  });

  it('a completion entered after the SLA expired is refused as task_closed but kept in the history', slow, async () => {
    // Prepare: service claims the triage, then the SLA runs out before they finish.
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service })).status).toBe(200);
    await the.taskAfterDeadline(issueId, 'triage-escalation', hours8 + margin);
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
    await the.until(customer.issueId, (view) => typesOf(view).includes('customer_reminded'), day + margin);
    expect((await the.message(customer, 'INV-2024-118')).body.answeredQuestion).toBe(true);
    const back = await the.taskOf(customer.issueId, 'review', { as: 'sales', not: [review.taskId] });
    expect(back.handoff).toMatchObject({ from: 'customer', summary: 'INV-2024-118' });
    expect(typesOf(await the.view(customer.issueId))).not.toContain('customer_no_reply');
  });
});
