// What happens when time runs out in delivery-delay, service-request and billing-dispute: every step's SLA breach is
// recorded and escalated to a manager (never dropping the issue), and a customer who does not answer gets a reminder,
// then the step goes on without them. Time runs out because the test moves the runtime's clock past a due time
// (nothing sleeps), so the scenarios run one after another (a move reaches every open task of the runtime), each on a
// runtime of its own: an earlier scenario's open tasks would breach again at every later move (tests/README.md,
// "Time"). Product-defect: deadlines-product-defect.test.ts (a file of its own, so that the two run beside each other).
import { describe, expect, it } from 'vitest';
import { flowPlayersForEachTest, typesOf } from '../../support/flow-actors.ts';
import { breachOf, day, hours8, issueAt, slow, type Work } from '../../support/late-steps.ts';

const the = flowPlayersForEachTest();

describe('when time runs out', () => {
  it('every late step of delivery-delay is escalated and comes back to its department', slow, async () => {
    const verified: Work = ['sales', 'verify-order', 'order_verified', { orderStatus: 'Late' }];
    const replanned: Work = ['production', 'replan', 'replanned', { newDate: '2026-06-01', plan: 'Line 2' }];
    const informed: Work = ['sales', 'inform-date', 'customer_informed', { message: '1 June' }];
    await breachOf(the, (await issueAt(the, 'delivery-delay', [])).issueId, 'verify-order', 'sales', hours8);
    await breachOf(the, (await issueAt(the, 'delivery-delay', [verified])).issueId, 'replan', 'production', day);
    await breachOf(the, (await issueAt(the, 'delivery-delay', [verified, replanned])).issueId, 'inform-date', 'sales', hours8);
    await breachOf(the, (await issueAt(the, 'delivery-delay', [verified, replanned, informed])).issueId, 'follow-up', 'service', 2 * day);
  });
  it('every late step of service-request is escalated and comes back to its department', slow, async () => {
    const scheduled: Work = ['service', 'schedule', 'visit_scheduled', { visitDate: '2026-04-02' }];
    await breachOf(the, (await issueAt(the, 'service-request', [])).issueId, 'schedule', 'service', hours8);
    await breachOf(the, (await issueAt(the, 'service-request', [scheduled])).issueId, 'site-visit', 'service', 2 * day);
    const needingParts = await issueAt(the, 'service-request', [scheduled, ['service', 'site-visit', 'parts_needed', { parts: 'Seal kit' }]]);
    await breachOf(the, needingParts.issueId, 'parts', 'production', 2 * day);
    const fixed = await issueAt(the, 'service-request', [scheduled, ['service', 'site-visit', 'fixed_on_site', { work: 'Fuse' }]]);
    await breachOf(the, fixed.issueId, 'complete', 'service', day);
  });
  it('every late step of billing-dispute, the manager’s approval included, is escalated and comes back', slow, async () => {
    await breachOf(the, (await issueAt(the, 'billing-dispute', [])).issueId, 'review', 'sales', day);
    const credited = await issueAt(the, 'billing-dispute', [['sales', 'review', 'credit', { amount: 5000, explanation: 'Double charge' }]]);
    await breachOf(the, credited.issueId, 'approval', 'management', day);
    const refused = await issueAt(the, 'billing-dispute', [['sales', 'review', 'no_credit', { explanation: 'Correct charge' }]]);
    await breachOf(the, refused.issueId, 'inform-decision', 'service', hours8);
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
