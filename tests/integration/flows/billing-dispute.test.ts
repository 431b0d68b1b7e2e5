// The billing-dispute flow end to end through the HTTP API: sales reviews, a manager approves
// credits above the threshold (1000), service tells the customer the decision.
import { describe, expect, it } from 'vitest';
import { closed, flowPlayersForFile } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();

describe('billing-dispute, end to end', () => {
  it('a credit above the threshold needs a manager’s approval before service tells the customer', async () => {
    // Prepare
    const { issueId } = await the.submit('billing-dispute', { subject: 'Charged twice' });

    // Act
    await the.complete('sales', await the.taskOf(issueId, 'review', { as: 'sales' }), 'credit', { amount: 2400, explanation: 'Double charge confirmed' });
    const approval = await the.taskOf(issueId, 'approval', { as: 'manager' });
    expect(approval.department).toBe('management');
    expect(approval.outcomes.map((outcome) => outcome.id)).toEqual(['approved', 'rejected']);
    expect((await the.view(issueId)).issue.status).toBe('escalated');
    await the.complete('manager', approval, 'approved', { approvedAmount: 2400 });
    await the.complete('service', await the.taskOf(issueId, 'inform-decision', { as: 'service' }), 'customer_informed', { message: 'A credit of 2400 is on its way' });

    // Assess
    const view = await the.until(issueId, closed);
    expect(view.path).toEqual(['review', 'approval', 'inform-decision']);
    expect(view.issue.flowVersion).toBe(3);
  });

  it('a credit at or below the threshold goes straight to service', async () => {
    const { issueId } = await the.submit('billing-dispute');
    await the.complete('sales', await the.taskOf(issueId, 'review'), 'credit', { amount: 1000, explanation: 'Late fee waived' });
    await the.complete('service', await the.taskOf(issueId, 'inform-decision'), 'customer_informed', { message: 'Fee waived' });
    expect((await the.until(issueId, closed)).path).toEqual(['review', 'inform-decision']);
  });

  it('no credit goes straight to service', async () => {
    const { issueId } = await the.submit('billing-dispute');
    await the.complete('sales', await the.taskOf(issueId, 'review'), 'no_credit', { explanation: 'The charge is correct' });
    await the.complete('service', await the.taskOf(issueId, 'inform-decision'), 'customer_informed', { message: 'Explained the charge' });
    expect((await the.until(issueId, closed)).path).toEqual(['review', 'inform-decision']);
  });

  it('a rejected credit still reaches the customer through service', async () => {
    const { issueId } = await the.submit('billing-dispute');
    await the.complete('sales', await the.taskOf(issueId, 'review'), 'credit', { amount: 5000, explanation: 'Goodwill' });
    await the.complete('manager', await the.taskOf(issueId, 'approval'), 'rejected', { reason: 'Too generous' });
    await the.complete('service', await the.taskOf(issueId, 'inform-decision'), 'customer_informed', { message: 'No credit this time' });
    expect((await the.until(issueId, closed)).path).toEqual(['review', 'approval', 'inform-decision']);
  });

  it('a fourth question at the same step goes to a manager instead of the customer', async () => {
    // Prepare: three questions, each answered.
    const customer = await the.submit('billing-dispute');
    const seen: string[] = [];
    for (let question = 1; question <= 3; question++) {
      const review = await the.taskOf(customer.issueId, 'review', { as: 'sales', not: seen });
      seen.push(review.taskId);
      await the.complete('sales', review, 'ask_customer', { question: `Question ${question}?` });
      await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
      expect((await the.message(customer, `Answer ${question}`)).body.answeredQuestion).toBe(true);
    }
    const fourth = await the.taskOf(customer.issueId, 'review', { as: 'sales', not: seen });

    // Act
    await the.complete('sales', fourth, 'ask_customer', { question: 'Question 4?' });

    // Assess
    const decision = await the.taskOf(customer.issueId, 'review-owner', { as: 'manager' });
    const view = await the.view(customer.issueId);
    expect(view.events.filter((event: { type: string }) => event.type === 'customer_asked').map((event: { text: string }) => event.text)).toEqual(['Question 1?', 'Question 2?', 'Question 3?']);
    expect(view.issue.status).toBe('escalated');
    await the.complete('manager', decision, 'assign_owner', { owner: 'sales', instructions: 'Decide with what you have' });
    expect((await the.taskOf(customer.issueId, 'review', { as: 'sales', not: [...seen, fourth.taskId] })).department).toBe('sales');
  });

  it('the review rerouted to service and bounced back to sales goes to a manager, who gives it to sales', async () => {
    const { issueId } = await the.submit('billing-dispute');
    const first = await the.taskOf(issueId, 'review', { as: 'sales' });
    await the.complete('sales', first, 'reroute', { reason: 'A service contract invoice', toDepartment: 'service' });
    const second = await the.taskOf(issueId, 'review', { as: 'service', not: [first.taskId] });
    await the.complete('service', second, 'reroute', { reason: 'Invoices are sales’', toDepartment: 'sales' });
    const decision = await the.taskOf(issueId, 'review-owner', { as: 'manager' });
    await the.complete('manager', decision, 'assign_owner', { owner: 'sales', instructions: 'Sales reviews every invoice' });
    const third = await the.taskOf(issueId, 'review', { as: 'sales', not: [first.taskId] });
    expect(third.department).toBe('sales');
    expect((await the.view(issueId)).issue).toMatchObject({ reroutes: 2, bounces: 1 });
  });
});
