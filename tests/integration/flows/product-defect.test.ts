// The product-defect flow end to end through the HTTP API, as the customer and each department
// would do it, on the local Step Functions endpoint running workflows/product-defect.asl.json. What happens as the
// runtime's clock moves on (staff notifications, the customer's reopen window): product-defect-over-time.test.ts.
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../support/local-baton.ts';
import { closed, flowPlayersForFile, typesOf } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();
// The groups run their tests side by side: each its own issue, waiting mostly on its flow, and none moving the clock
// more than a second (the tests that move it by hours or days are in product-defect-over-time.test.ts, on runtimes of
// their own, so that these tests' open tasks do not all breach there). Five tests at once on a loaded machine can each
// take longer than the suite's 60 s, and one cut off keeps writing into the next: a ceiling, not a speed.
const sideBySide = { timeout: 180_000 };

/** The steps in the order their tasks opened; the parallel branches may open in either order, so they are listed sorted. */
function pathOf(view: { path: string[] }): string[] {
  const parallel = new Set(['remedy', 'root-cause']);
  const branches = view.path.filter((step) => parallel.has(step)).sort();
  return view.path.map((step) => (parallel.has(step) ? branches.shift()! : step));
}

describe.concurrent('product-defect, end to end', sideBySide, () => {
  it('a replacement remedy runs service → production ‖ sales → production → service → closed', async () => {
    // Prepare: the customer submits through the public form.
    const { issueId } = await the.submit('product-defect');

    // Act: service triages from its queue.
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    const queue = await the.baton.request('GET', '/api/queues/service?view=open', { token: the.tokens.service });
    expect(queue.body.tasks.map((task: TaskView) => task.taskId)).toContain(triage.taskId);
    await the.complete('service', triage, 'confirmed_defect', { findings: 'Bearing worn out' }, { summary: 'Defect confirmed', done: 'Checked photos', promised: 'A fix this week' });

    // production and sales work in parallel: both queues hold the issue at once.
    const rootCause = await the.taskOf(issueId, 'root-cause', { as: 'production' });
    const remedy = await the.taskOf(issueId, 'remedy', { as: 'sales' });
    const during = await the.view(issueId);
    expect(during.issue.holders.map((holder: { department: string }) => holder.department).sort()).toEqual(['production', 'sales']);
    await the.complete('sales', remedy, 'replacement', { offer: 'A new pump, shipped this week' }, { summary: 'Replacement offered' });
    await the.complete('production', rootCause, 'root_cause_found', { rootCause: 'Supplier bearing batch 42', correctiveAction: 'Batch recalled' }, { summary: 'Root cause found' });
    const shipping = await the.taskOf(issueId, 'replacement', { as: 'production' });
    await the.complete('production', shipping, 'shipped', { shipmentRef: 'SF-1001', expectedDelivery: '2026-12-01' }, { summary: 'Shipped' });
    const confirm = await the.taskOf(issueId, 'confirm', { as: 'service' });
    await the.complete('service', confirm, 'resolved', { confirmation: 'Pump works again' }, { summary: 'Customer confirmed' });

    // Assess
    const view = await the.until(issueId, closed);
    expect(pathOf(view)).toEqual(['triage', 'remedy', 'root-cause', 'replacement', 'confirm']);
    expect(view.issue).toMatchObject({ flowId: 'product-defect', flowVersion: 3, holders: [], reroutes: 0, bounces: 0 });
    expect(view.tasks.map((task: TaskView) => task.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    const types = typesOf(view);
    expect(types.slice(0, 2)).toEqual(['issue_submitted', 'flow_started']);
    expect(view.events[1].data).toEqual({ flowId: 'product-defect', flowVersion: 3 });
    expect(types.at(-1)).toBe('issue_closed');
    expect(types.filter((type) => type === 'task_completed')).toHaveLength(5);
    expect(view.events.map((event: { seq: number }) => event.seq)).toEqual(view.events.map((_: unknown, index: number) => index + 1));
    expect(Object.keys(view.clocks).sort()).toEqual(['customer', 'production', 'sales', 'service']);
  });

  it('the next department sees the previous handoff packet first, on its task', async () => {
    // Prepare
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    expect(triage.handoff).toBeUndefined();

    // Act
    await the.complete('service', triage, 'confirmed_defect', { findings: 'Cracked housing' }, { summary: 'Housing cracked on arrival', done: 'Photos checked', promised: 'Replacement or refund' });

    // Assess: both parallel departments open their task with service's packet on it.
    for (const [step, as] of [['root-cause', 'production'], ['remedy', 'sales']] as const) {
      const task = await the.taskOf(issueId, step, { as });
      expect(task.handoff).toMatchObject({ from: 'staff', step: 'triage', department: 'service', by: 'service', summary: 'Housing cracked on arrival', done: 'Photos checked', promised: 'Replacement or refund' });
      const queued = (await the.baton.request('GET', `/api/queues/${as}?view=open`, { token: the.tokens[as] })).body.tasks.find((candidate: TaskView) => candidate.taskId === task.taskId);
      expect(queued.handoff.summary).toBe('Housing cracked on arrival');
    }
  });

  it('a refund remedy skips the replacement and goes straight to service', async () => {
    const { issueId } = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(issueId, 'triage'), 'confirmed_defect', { findings: 'Scratched' });
    await the.complete('production', await the.taskOf(issueId, 'root-cause'), 'root_cause_found', { rootCause: 'Packaging' });
    await the.complete('sales', await the.taskOf(issueId, 'remedy'), 'refund', { offer: 'Partial refund', amount: 50 });
    await the.complete('service', await the.taskOf(issueId, 'confirm'), 'resolved', { confirmation: 'Happy' });
    const view = await the.until(issueId, closed);
    expect(pathOf(view)).toEqual(['triage', 'remedy', 'root-cause', 'confirm']);
  });

  it('a repair remedy also goes straight to service', async () => {
    const { issueId } = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(issueId, 'triage'), 'confirmed_defect', { findings: 'Loose valve' });
    await the.complete('sales', await the.taskOf(issueId, 'remedy'), 'repair', { offer: 'Free repair' });
    await the.complete('production', await the.taskOf(issueId, 'root-cause'), 'root_cause_found', { rootCause: 'Torque setting' });
    await the.complete('service', await the.taskOf(issueId, 'confirm'), 'resolved', { confirmation: 'Fixed' });
    expect(pathOf(await the.until(issueId, closed))).toEqual(['triage', 'remedy', 'root-cause', 'confirm']);
  });

  it('triage finding no defect goes straight to the confirmation with the customer', async () => {
    const { issueId } = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(issueId, 'triage'), 'not_a_defect', { explanation: 'Used outside its rating' });
    await the.complete('service', await the.taskOf(issueId, 'confirm'), 'resolved', { confirmation: 'Understood' });
    expect((await the.until(issueId, closed)).path).toEqual(['triage', 'confirm']);
  });
});

describe.concurrent('product-defect, when a department says "not ours"', sideBySide, () => {
  it('a first reroute sends the same step to the department named, with the reason for everyone to see', async () => {
    // Prepare
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });

    // Act
    await the.complete('service', triage, 'reroute', { reason: 'This is a wiring fault: production knows it', toDepartment: 'production' });

    // Assess
    const again = await the.taskOf(issueId, 'triage', { as: 'production', not: [triage.taskId] });
    expect(again.department).toBe('production');
    expect(again.handoff).toMatchObject({ department: 'service', step: 'triage' });
    const view = await the.view(issueId);
    expect(view.issue).toMatchObject({ reroutes: 1, bounces: 0, status: 'open' });
    expect(view.events.find((event: { type: string }) => event.type === 'issue_rerouted')).toMatchObject({
      department: 'service',
      text: 'This is a wiring fault: production knows it',
      data: { from: 'service', to: 'production', step: 'triage', reroutes: 1 },
    });
    // Production can now triage and the flow goes on as usual.
    await the.complete('production', again, 'confirmed_defect', { findings: 'Wiring fault' });
    await the.taskOf(issueId, 'root-cause', { as: 'production' });
  });

  it('a reroute back to the department that handed it off is a bounce, and goes to a manager who picks the owner', async () => {
    // Prepare: service → production.
    const { issueId } = await the.submit('product-defect');
    const first = await the.taskOf(issueId, 'triage', { as: 'service' });
    await the.complete('service', first, 'reroute', { reason: 'Looks like production', toDepartment: 'production' });
    const second = await the.taskOf(issueId, 'triage', { as: 'production', not: [first.taskId] });

    // Act: production → service again.
    await the.complete('production', second, 'reroute', { reason: 'Not a production matter', toDepartment: 'service' });

    // Assess: no third triage task yet; a manager decides.
    const decision = await the.taskOf(issueId, 'triage-owner', { as: 'manager' });
    expect(decision.department).toBe('management');
    const view = await the.view(issueId);
    expect(view.issue).toMatchObject({ reroutes: 2, bounces: 1, status: 'escalated' });
    expect(view.events.find((event: { type: string }) => event.type === 'issue_bounced')).toMatchObject({ department: 'service', data: { from: 'production', to: 'service', step: 'triage' } });
    expect(view.tasks.filter((task: TaskView) => task.step === 'triage' && task.status === 'open')).toEqual([]);
    const managementQueue = await the.baton.request('GET', '/api/queues/management?view=open', { token: the.tokens.manager });
    expect(managementQueue.body.tasks.map((task: TaskView) => task.taskId)).toContain(decision.taskId);

    // The manager decides: production owns the triage.
    await the.complete('manager', decision, 'assign_owner', { owner: 'production', instructions: 'Production triages wiring faults' });
    const owned = await the.taskOf(issueId, 'triage', { as: 'production', not: [first.taskId, second.taskId] });
    expect(owned.department).toBe('production');
    expect((await the.view(issueId)).issue.status).toBe('open');
  });

  it('a reroute to the department that already holds the step is refused', async () => {
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service });
    const refused = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: the.tokens.service,
      body: { outcome: 'reroute', fields: { reason: 'x', toDepartment: 'service' }, packet: { summary: 'x' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'fields.toDepartment', code: 'same_department' })]);
  });

  it('a reroute inside the parallel branch moves only that branch’s step', async () => {
    // Prepare
    const { issueId } = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(issueId, 'triage'), 'confirmed_defect', { findings: 'Noise' });
    const remedy = await the.taskOf(issueId, 'remedy', { as: 'sales' });

    // Act
    await the.complete('sales', remedy, 'reroute', { reason: 'Warranty remedies are service’s call', toDepartment: 'service' });

    // Assess
    const moved = await the.taskOf(issueId, 'remedy', { as: 'service', not: [remedy.taskId] });
    expect(moved.department).toBe('service');
    const view = await the.view(issueId);
    expect(view.issue.holders.map((holder: { department: string }) => holder.department).sort()).toEqual(['production', 'service']);
    await the.complete('service', moved, 'replacement', { offer: 'New unit' });
    await the.complete('production', await the.taskOf(issueId, 'root-cause'), 'root_cause_found', { rootCause: 'Bearing' });
    expect((await the.taskOf(issueId, 'replacement', { as: 'production' })).department).toBe('production');
  });
});

describe.concurrent('product-defect, asking the customer', sideBySide, () => {
  it('the question reaches the customer’s timeline, the customer’s reply brings the step back with the answer', async () => {
    // Prepare
    const customer = await the.submit('product-defect');
    const triage = await the.taskOf(customer.issueId, 'triage', { as: 'service' });

    // Act: service asks.
    await the.complete('service', triage, 'ask_customer', { question: 'Which serial number is on the pump?' });
    const waiting = await the.until(customer.issueId, (view) => view.issue.status === 'waiting_customer');
    // The customer takes a while to answer: the runtime's clock moves on, nothing sleeps.
    the.baton.clock.advance(1_100);
    const answered = await the.message(customer, 'Serial number PX-77');

    // Assess
    expect(answered).toMatchObject({ status: 201, body: { received: true, answeredQuestion: true } });
    expect(waiting.events.find((event: { type: string }) => event.type === 'customer_asked')).toMatchObject({ visibility: 'customer', text: 'Which serial number is on the pump?' });
    expect(waiting.issue.holders).toEqual([]);
    const back = await the.taskOf(customer.issueId, 'triage', { as: 'service', not: [triage.taskId] });
    expect(back.handoff).toMatchObject({ from: 'customer', summary: 'Serial number PX-77' });
    // Back to the person who asked, held by them: not to the open pool.
    expect(back).toMatchObject({ status: 'claimed', claimedBy: 'service', department: 'service' });
    const pool = await the.baton.request('GET', '/api/queues/service?view=open', { token: the.tokens.service });
    expect(pool.body.tasks.map((task: TaskView) => task.taskId)).not.toContain(back.taskId);
    const view = await the.view(customer.issueId);
    expect(view.issue.status).toBe('open');
    expect(view.clocks.customer).toBeGreaterThanOrEqual(1);
    expect(view.events.find((event: { type: string }) => event.type === 'customer_message')).toMatchObject({
      actor: { kind: 'customer' },
      visibility: 'customer',
      text: 'Serial number PX-77',
      data: { answers: ['triage'] },
    });
    // The customer clock stopped: it does not grow any more, however far the clock moves.
    the.baton.clock.advance(1_100);
    expect((await the.view(customer.issueId)).clocks.customer).toBe(view.clocks.customer);
  });

  it('a message while nothing waits for the customer is still stored on the timeline', async () => {
    const customer = await the.submit('product-defect');
    await the.taskOf(customer.issueId, 'triage');
    const sent = await the.message(customer, 'One more detail: it also leaks.');
    expect(sent).toMatchObject({ status: 201, body: { received: true, answeredQuestion: false } });
    const view = await the.view(customer.issueId);
    expect(view.events.at(-1)).toMatchObject({ type: 'customer_message', visibility: 'customer', text: 'One more detail: it also leaks.' });
    expect(view.issue.status).toBe('open');
  });

  it('a wrong tracking code or e-mail is one 404, which says neither which nor stores anything', async () => {
    const customer = await the.submit('product-defect');
    await the.taskOf(customer.issueId, 'triage');
    const before = (await the.view(customer.issueId)).events.length;
    const wrongEmail = await the.message({ ...customer, email: 'someone.else@example.com' }, 'Hello');
    const wrongCode = await the.message({ ...customer, trackingCode: 'AAAAA-BBBBB-CCCCC' }, 'Hello');
    expect(wrongEmail.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(wrongEmail.body).toEqual(wrongCode.body);
    expect((await the.view(customer.issueId)).events).toHaveLength(before);
  });

  it('asking in both parallel branches: one customer message answers both', async () => {
    // Prepare
    const customer = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(customer.issueId, 'triage'), 'confirmed_defect', { findings: 'Noise' });
    const rootCause = await the.taskOf(customer.issueId, 'root-cause');
    const remedy = await the.taskOf(customer.issueId, 'remedy');

    // Act
    await the.complete('production', rootCause, 'ask_customer', { question: 'When did the noise start?' });
    await the.complete('sales', remedy, 'ask_customer', { question: 'Would you prefer a refund?' });
    await the.until(customer.issueId, (view) => view.events.filter((event: { type: string }) => event.type === 'customer_asked').length === 2);
    await the.message(customer, 'Last Monday; a replacement please.');

    // Assess
    await the.taskOf(customer.issueId, 'root-cause', { not: [rootCause.taskId] });
    await the.taskOf(customer.issueId, 'remedy', { not: [remedy.taskId] });
    const view = await the.view(customer.issueId);
    expect(view.issue.status).toBe('open');
    expect(view.events.find((event: { type: string }) => event.type === 'customer_message').data.answers.sort()).toEqual(['remedy', 'root-cause']);
  });
});

describe.concurrent('product-defect, one contact per issue: the coordinator', sideBySide, () => {
  it('is the first to complete the first step, shown to the customer by name; a manager changes it with a reason', async () => {
    // Prepare
    const customer = await the.submit('product-defect');
    const triage = await the.taskOf(customer.issueId, 'triage', { as: 'service' });
    expect((await the.view(customer.issueId)).issue.coordinator).toBeUndefined();

    // Act: service completes the first step.
    await the.complete('service', triage, 'confirmed_defect', { findings: 'Seal leaks' });

    // Assess
    const named = await the.until(customer.issueId, (view) => view.issue.coordinator !== undefined);
    expect(named.issue.coordinator).toMatchObject({ username: 'service', displayName: 'service' });
    expect(named.events.find((event: { type: string }) => event.type === 'coordinator_assigned')).toMatchObject({ visibility: 'internal', data: { username: 'service', step: 'triage' } });
    const tracked = await the.baton.request('POST', '/api/track', { body: { trackingCode: customer.trackingCode, email: customer.email } });
    expect(tracked.body.coordinator).toEqual({ name: 'service' });

    // Act: only a manager may name another, with a reason.
    const refused = await the.baton.request('POST', `/api/issues/${customer.issueId}/coordinator`, { token: the.tokens.sales, body: { username: 'sales', reason: 'Mine now' } });
    expect(refused.status).toBe(403);
    const noReason = await the.baton.request('POST', `/api/issues/${customer.issueId}/coordinator`, { token: the.tokens.manager, body: { username: 'sales2' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['reason']);
    const changed = await the.baton.request('POST', `/api/issues/${customer.issueId}/coordinator`, { token: the.tokens.manager, body: { username: 'sales2', reason: 'Sales owns the customer relationship' } });

    // Assess
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const view = await the.view(customer.issueId);
    expect(view.issue.coordinator).toMatchObject({ username: 'sales2' });
    expect(view.events.filter((event: { type: string }) => event.type === 'coordinator_changed')).toEqual([
      expect.objectContaining({ actor: { kind: 'staff', username: 'manager' }, text: 'Sales owns the customer relationship', data: { from: 'service', to: 'sales2' } }),
    ]);
    expect((await the.baton.request('POST', '/api/track', { body: { trackingCode: customer.trackingCode, email: customer.email } })).body.coordinator).toEqual({ name: 'sales2' });
  });
});
