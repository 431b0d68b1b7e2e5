// The delivery-delay flow end to end through the HTTP API: sales verifies the order, production
// re-plans, sales tells the customer the new date, service follows up after the delivery.
import { describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { closed, flowPlayersForFile, typesOf } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();

describe('delivery-delay, end to end', () => {
  it('runs sales → production → sales → service → closed, each department reading the previous packet', async () => {
    // Prepare
    const { issueId } = await the.submit('delivery-delay', { subject: 'My order is late' });

    // Act
    const verify = await the.taskOf(issueId, 'verify-order', { as: 'sales' });
    expect(verify.department).toBe('sales');
    await the.complete('sales', verify, 'order_verified', { orderStatus: 'In production, line 3', promisedDate: '2026-05-01' }, { summary: 'Order stuck in production' });
    const replan = await the.taskOf(issueId, 'replan', { as: 'production' });
    expect(replan.handoff.summary).toBe('Order stuck in production');
    await the.complete('production', replan, 'replanned', { newDate: '2026-05-20', plan: 'Moved to line 1' }, { summary: 'New date 2026-05-20' });
    const inform = await the.taskOf(issueId, 'inform-date', { as: 'sales' });
    expect(inform.handoff).toMatchObject({ department: 'production', summary: 'New date 2026-05-20' });
    await the.complete('sales', inform, 'customer_informed', { message: 'Your order arrives on 20 May' }, { summary: 'Customer told', promised: '20 May' });
    const followUp = await the.taskOf(issueId, 'follow-up', { as: 'service' });
    expect(followUp.handoff.promised).toBe('20 May');
    await the.complete('service', followUp, 'delivered', { feedback: 'Arrived, all good' });

    // Assess
    const view = await the.until(issueId, closed);
    expect(view.path).toEqual(['verify-order', 'replan', 'inform-date', 'follow-up']);
    expect(view.issue).toMatchObject({ flowId: 'delivery-delay', flowVersion: 4, reroutes: 0 });
    expect(typesOf(view).at(-1)).toBe('issue_closed');
    expect(Object.keys(view.clocks).sort()).toEqual(['customer', 'production', 'sales', 'service']);
    // The 360 lists every handoff in order: who handed over, from which step, what they wrote.
    expect(view.handoffs).toEqual([
      expect.objectContaining({ from: 'staff', department: 'sales', by: 'sales', step: 'verify-order', taskId: verify.taskId, summary: 'Order stuck in production' }),
      expect.objectContaining({ from: 'staff', department: 'production', by: 'production', step: 'replan', summary: 'New date 2026-05-20' }),
      expect.objectContaining({ from: 'staff', department: 'sales', step: 'inform-date', summary: 'Customer told', promised: '20 May' }),
      expect.objectContaining({ from: 'staff', department: 'service', step: 'follow-up', summary: 'follow-up: delivered' }),
    ]);
  });

  it('a follow-up rerouted to production is finished by production in the same step, then closes', async () => {
    const { issueId } = await the.submit('delivery-delay');
    await the.complete('sales', await the.taskOf(issueId, 'verify-order'), 'order_verified', { orderStatus: 'Shipped' });
    await the.complete('production', await the.taskOf(issueId, 'replan'), 'replanned', { newDate: '2026-06-01', plan: 'Courier' });
    await the.complete('sales', await the.taskOf(issueId, 'inform-date'), 'customer_informed', { message: '1 June' });
    const followUp = await the.taskOf(issueId, 'follow-up', { as: 'service' });
    await the.complete('service', followUp, 'reroute', { reason: 'Still not delivered: the courier lost it', toDepartment: 'production' });
    const atProduction = await the.taskOf(issueId, 'follow-up', { as: 'production', not: [followUp.taskId] });
    expect(atProduction.department).toBe('production');
    await the.complete('production', atProduction, 'delivered', { feedback: 'Re-sent and delivered' });
    const view = await the.until(issueId, closed);
    expect(view.issue.reroutes).toBe(1);
  });

  it('the re-plan asks the customer; their reply brings it back to production', async () => {
    const customer = await the.submit('delivery-delay');
    await the.complete('sales', await the.taskOf(customer.issueId, 'verify-order'), 'order_verified', { orderStatus: 'Waiting for material' });
    const replan = await the.taskOf(customer.issueId, 'replan', { as: 'production' });
    await the.complete('production', replan, 'ask_customer', { question: 'Would a partial delivery help?' });
    await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
    expect((await the.message(customer, 'Yes, half now is fine')).body.answeredQuestion).toBe(true);
    const back = await the.taskOf(customer.issueId, 'replan', { as: 'production', not: [replan.taskId] });
    expect(back.handoff).toMatchObject({ from: 'customer', summary: 'Yes, half now is fine' });
    expect((await the.view(customer.issueId)).handoffs.at(-1)).toEqual({ from: 'customer', at: expect.any(String), summary: 'Yes, half now is fine' });
  });

  it('service follows up only once the new delivery date has come: until then the flow waits, holding no task', async () => {
    // Prepare
    const { issueId } = await the.submit('delivery-delay');
    await the.complete('sales', await the.taskOf(issueId, 'verify-order'), 'order_verified', { orderStatus: 'Waiting for material' });
    await the.complete('production', await the.taskOf(issueId, 'replan'), 'replanned', { newDate: '2099-03-15', plan: 'Material arrives in March' });
    // Act
    await the.complete('sales', await the.taskOf(issueId, 'inform-date'), 'customer_informed', { message: 'Your order arrives on 15 March 2099' });
    // Assess: Step Functions waits until noon UTC on the new date; no follow-up task is open meanwhile.
    const sfn = new SFNClient({ endpoint: the.baton.endpoints.stepfunctions, region: the.baton.region, credentials: the.baton.credentials });
    const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:delivery-delay';
    const execution = (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.find((candidate) => candidate.name === issueId);
    expect(execution?.executionArn).toBeDefined();
    await expect
      .poll(async () => {
        const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution!.executionArn, maxResults: 1000 }));
        const waiting = history.events?.find((event) => event.stateEnteredEventDetails?.name === 'Wait until the delivery has arrived');
        return waiting ? JSON.parse(waiting.stateEnteredEventDetails!.input ?? '{}').delivery : undefined;
      }, { timeout: 20_000 })
      .toEqual({ at: '2099-03-15T12:00:00Z' });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: execution!.executionArn }))).status).toBe('RUNNING');
    const view = await the.view(issueId);
    expect(view.tasks.filter((task: { status: string }) => task.status === 'open' || task.status === 'claimed')).toEqual([]);
    expect(view.issue.status).toBe('open');
  });
});
