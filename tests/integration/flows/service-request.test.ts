// The service-request flow end to end through the HTTP API: service schedules and visits, production
// ships parts when needed, service completes the work and the customer confirms.
import { describe, expect, it } from 'vitest';
import { closed, flowPlayersForFile } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();

describe('service-request, end to end', () => {
  it('parts needed on site: service → production ships them → service completes with the customer', async () => {
    // Prepare
    const { issueId } = await the.submit('service-request', { subject: 'Annual maintenance' });

    // Act
    await the.complete('service', await the.taskOf(issueId, 'schedule', { as: 'service' }), 'visit_scheduled', { visitDate: '2026-04-02', technician: 'Zhang' });
    await the.complete('service', await the.taskOf(issueId, 'site-visit', { as: 'service' }), 'parts_needed', { parts: 'Seal kit S-12' }, { summary: 'Seal kit needed' });
    const parts = await the.taskOf(issueId, 'parts', { as: 'production' });
    expect(parts.handoff.summary).toBe('Seal kit needed');
    await the.complete('production', parts, 'parts_shipped', { shipmentRef: 'SF-77', expectedDelivery: '2026-04-05' });
    await the.complete('service', await the.taskOf(issueId, 'complete', { as: 'service' }), 'customer_confirmed', { confirmation: 'Runs quietly now' });

    // Assess
    const view = await the.until(issueId, closed);
    expect(view.path).toEqual(['schedule', 'site-visit', 'parts', 'complete']);
    expect(view.issue).toMatchObject({ flowId: 'service-request', flowVersion: 3 });
  });

  it('fixed on site: no parts, straight to completion', async () => {
    const { issueId } = await the.submit('service-request');
    await the.complete('service', await the.taskOf(issueId, 'schedule'), 'visit_scheduled', { visitDate: '2026-04-02' });
    await the.complete('service', await the.taskOf(issueId, 'site-visit'), 'fixed_on_site', { work: 'Replaced a fuse' });
    await the.complete('service', await the.taskOf(issueId, 'complete'), 'customer_confirmed', { confirmation: 'Works' });
    expect((await the.until(issueId, closed)).path).toEqual(['schedule', 'site-visit', 'complete']);
  });

  it('the parts shipment rerouted to sales is shipped by sales in the same step', async () => {
    const { issueId } = await the.submit('service-request');
    await the.complete('service', await the.taskOf(issueId, 'schedule'), 'visit_scheduled', { visitDate: '2026-04-02' });
    await the.complete('service', await the.taskOf(issueId, 'site-visit'), 'parts_needed', { parts: 'A whole new unit' });
    const parts = await the.taskOf(issueId, 'parts', { as: 'production' });
    await the.complete('production', parts, 'reroute', { reason: 'A new unit is a sale, not a part', toDepartment: 'sales' });
    const atSales = await the.taskOf(issueId, 'parts', { as: 'sales', not: [parts.taskId] });
    await the.complete('sales', atSales, 'parts_shipped', { shipmentRef: 'SF-90', expectedDelivery: '2026-04-09' });
    await the.complete('service', await the.taskOf(issueId, 'complete'), 'customer_confirmed', { confirmation: 'New unit runs' });
    const view = await the.until(issueId, closed);
    expect(view.issue).toMatchObject({ reroutes: 1, bounces: 0 });
  });

  it('scheduling asks the customer for a date; the reply comes back to service', async () => {
    const customer = await the.submit('service-request');
    const schedule = await the.taskOf(customer.issueId, 'schedule', { as: 'service' });
    await the.complete('service', schedule, 'ask_customer', { question: 'Which day suits you next week?' });
    await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
    await the.message(customer, 'Thursday morning');
    const back = await the.taskOf(customer.issueId, 'schedule', { as: 'service', not: [schedule.taskId] });
    expect(back.handoff.summary).toBe('Thursday morning');
  });
});
