// The product-defect flow end to end through the HTTP API, as the customer and each department
// would do it, on the local Step Functions endpoint running workflows/product-defect.asl.json.
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { config } from '#shared/config.ts';
import { warnTasksAboutToBreach } from '#shared/data/sla-warnings.ts';
import { scheduledLambdas } from '#shared/scheduled-lambdas.ts';
import { localUserPoolId } from '#infra/local/identity/local-identity.ts';
import type { InboxMessage } from '#infra/local/mail/local-mail-server.ts';
import { inboxMessages, mailTo } from '../../support/inbox.ts';
import { localIdentityClient, signInAt, type TaskView } from '../../support/local-baton.ts';
import { closed, flowPlayersForFile, typesOf, type Submitted } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();
// The first four groups run their tests side by side (each its own issue, waiting mostly on its flow, and none
// moving the clock more than a second); the groups after them move the runtime's clock by hours or days, which
// every open task of the runtime feels, and run one test at a time, after them (but the two reopen tests, which
// move nothing, side by side before the last one).

/** The steps in the order their tasks opened; the parallel branches may open in either order, so they are listed sorted. */
function pathOf(view: { path: string[] }): string[] {
  const parallel = new Set(['remedy', 'root-cause']);
  const branches = view.path.filter((step) => parallel.has(step)).sort();
  return view.path.map((step) => (parallel.has(step) ? branches.shift()! : step));
}

describe.concurrent('product-defect, end to end', () => {
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

describe.concurrent('product-defect, when a department says "not ours"', () => {
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

describe.concurrent('product-defect, asking the customer', () => {
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

describe.concurrent('product-defect, one contact per issue: the coordinator', () => {
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

describe('product-defect, staff notifications', () => {
  const notices = async (as: 'service' | 'manager') => (await the.baton.request('GET', '/api/me/notifications', { token: the.tokens[as] })).body;
  const settings = (as: 'service' | 'manager', body: Record<string, unknown>) => the.baton.request('POST', '/api/me/notification-settings', { token: the.tokens[as], body });
  /** The one link of a staff e-mail: where the person acts. */
  const staffLink = (message: InboxMessage) => /https?:\/\/\S+\/(?:staff|manager)\S*/.exec(message.text)?.[0];
  const aboutIssue = (messages: InboxMessage[], issueId: string) => messages.filter((message) => staffLink(message)?.endsWith(`#issue=${issueId}`));

  it('a burst of new tasks in a queue is one notice with a count and one e-mail, to the address the identity keeps; the badge counts what is new', async () => {
    // Prepare: service wants new tasks and customers' replies by e-mail, in Chinese, and names no address
    // (the identity keeps one: the demo users' are at staff.baton.test); a quarter hour starts.
    const address = 'service@staff.baton.test';
    const saved = await settings('service', { language: 'zh-CN', emailFor: ['new_task', 'customer_reply'] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    the.passDeadline(Math.ceil(the.baton.clock.now() / 900_000) * 900_000);

    // Act: three issues arrive at once.
    const burst = await Promise.all([the.submit('product-defect'), the.submit('product-defect'), the.submit('product-defect')]);
    for (const customer of burst) await the.taskOf(customer.issueId, 'triage', { as: 'service' });

    // Assess: one notice to the service queue counting the three, one e-mail in Chinese with a link to the queue.
    const seen = await notices('service');
    const queued = seen.notices.filter((notice: { kind: string; issueIds: string[] }) => notice.kind === 'new_task' && burst.some((customer) => notice.issueIds.includes(customer.issueId)));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ to: 'service', count: 3 });
    expect(queued[0].issueIds.sort()).toEqual(burst.map((customer) => customer.issueId).sort());
    expect(seen.unseen).toBeGreaterThanOrEqual(1);
    expect(seen.settings).toEqual({ language: 'zh-CN', emailFor: ['new_task', 'customer_reply'] });
    const [mail] = await mailTo(the.baton.mail.inboxUrl, address, (mine) => mine.length >= 1);
    expect(mail!.subject).toBe('您的队列有新任务');
    expect(staffLink(mail!)).toBe(`${the.baton.url}/staff`);
    const marked = await the.baton.request('POST', '/api/me/notifications/seen', { token: the.tokens.service, body: { until: seen.notices[0].at } });
    expect(marked.status).toBe(200);
    expect((await notices('service')).unseen).toBe(0);
    expect(await inboxMessages(the.baton.mail.inboxUrl).then((all) => all.filter((message) => message.to.includes(address)))).toHaveLength(1);

    // A customer's answer reaches the person who asked, at once in the console and by e-mail, with a link to the issue.
    const [customer] = burst;
    await the.complete('service', await the.taskOf(customer!.issueId, 'triage', { as: 'service' }), 'ask_customer', { question: 'Which model is it?' });
    await the.until(customer!.issueId, (view) => view.issue.status === 'waiting_customer');
    await the.message(customer!, 'Model P-200');
    await the.taskOf(customer!.issueId, 'triage', { as: 'service', not: [] });
    const replies = (await notices('service')).notices.filter((notice: { kind: string; issueIds: string[] }) => notice.kind === 'customer_reply' && notice.issueIds.includes(customer!.issueId));
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies[0]).toMatchObject({ to: 'person' });
    const answered = aboutIssue(await mailTo(the.baton.mail.inboxUrl, address, (mine) => aboutIssue(mine, customer!.issueId).length >= 1), customer!.issueId);
    expect(answered.map((message) => message.subject)).toEqual([expect.stringMatching(/^客户回复了/)]);
  });

  it('a breach reaches the task’s holder and the escalation the managers, once each, in each one’s language, with a link to where they act', { timeout: 300_000 }, async () => {
    // Nothing here waits for time to pass, but a breach runs the flow on and sends two mails: a loaded machine needs deadlines.test.ts's ceiling.
    // Prepare: service wants breaches in English, the manager escalations in Chinese; neither names an address.
    expect((await settings('service', { language: 'en', emailFor: ['sla_breach'] })).status).toBe(200);
    expect((await settings('manager', { language: 'zh-CN', emailFor: ['escalation'] })).status).toBe(200);
    const customer = await the.submit('product-defect', { subject: 'Breach by mail' });
    const triage = await the.taskOf(customer.issueId, 'triage', { as: 'service' });
    expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service })).status).toBe(200);

    // Act: nobody completes the triage in its SLA.
    the.passDeadline(triage.dueAt);
    await the.taskOf(customer.issueId, 'triage-escalation');

    // Assess: service holds the task and is one of its queue, and is told once; the manager once, on their console.
    const inbox = the.baton.mail.inboxUrl;
    const breached = aboutIssue(await mailTo(inbox, 'service@staff.baton.test', (mine) => aboutIssue(mine, customer.issueId).length >= 1), customer.issueId);
    expect(breached.map((message) => message.subject)).toEqual([expect.stringMatching(/^Breached: /)]);
    expect(breached[0]!.text).toContain('"Breach by mail"');
    expect(staffLink(breached[0]!)).toBe(`${the.baton.url}/staff#issue=${customer.issueId}`);
    const escalated = aboutIssue(await mailTo(inbox, 'manager@staff.baton.test', (mine) => aboutIssue(mine, customer.issueId).length >= 1), customer.issueId);
    expect(escalated.map((message) => message.subject)).toEqual(['需要经理决定：Breach by mail']);
    expect(staffLink(escalated[0]!)).toBe(`${the.baton.url}/manager#issue=${customer.issueId}`);
    // Nothing more comes for it once the sender has settled everything (each message id once in the inbox).
    const all = await inboxMessages(inbox);
    expect(new Set(all.map((message) => message.messageId)).size).toBe(all.length);
  });

  it('a task about to breach warns its queue once, from the sweeper the runtime schedules on its clock; e-mail settings of a person with no address anywhere are refused by field', async () => {
    const customer = await the.submit('product-defect');
    const triage = await the.taskOf(customer.issueId, 'triage', { as: 'service' });
    const warningsOf = async () => (await notices('service')).notices.filter((notice: { kind: string; issueIds: string[] }) => notice.kind === 'sla_warning' && notice.issueIds.includes(customer.issueId));

    // Act: the runtime's clock moves to half an hour before the triage is due, hours past the sweeper's rate
    // (shared/scheduled-lambdas.ts). Nobody calls the sweeper: its schedule on that clock runs it, with no real waiting.
    expect(Date.parse(triage.dueAt) - 30 * 60_000 - the.baton.clock.now()).toBeGreaterThan(scheduledLambdas.Sweeper.everyMinutes * 60_000);
    the.passDeadline(Date.parse(triage.dueAt) - 30 * 60_000);

    // Assess: the warning comes, once: another run of the sweeper's work adds none.
    // A ceiling, not a speed: the sweep may first wait for one an earlier move of the clock started (every-on-clock.ts).
    await expect.poll(async () => (await warningsOf()).length, { timeout: 60_000 }).toBe(1);
    await warnTasksAboutToBreach();
    expect(await warningsOf()).toEqual([expect.objectContaining({ to: 'service', data: expect.objectContaining({ dueAt: triage.dueAt }) })]);
    // A manager the administrator added without an e-mail address, who names none either.
    const admin = localIdentityClient(the.baton.url, the.baton.credentials);
    await admin.send(new AdminCreateUserCommand({ UserPoolId: localUserPoolId, Username: 'no.address', MessageAction: 'SUPPRESS' }));
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: localUserPoolId, Username: 'no.address', GroupName: 'managers' }));
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: localUserPoolId, Username: 'no.address', Password: 'No-Address-2026', Permanent: true }));
    const token = await signInAt(the.baton.url, 'no.address', 'No-Address-2026');
    const refused = await the.baton.request('POST', '/api/me/notification-settings', { token, body: { emailFor: ['escalation'] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['email']);
    expect((await the.baton.request('POST', '/api/me/notification-settings', { token, body: { email: 'Boss@Example.com', emailFor: ['escalation'] } })).body.settings).toEqual({ email: 'boss@example.com', language: 'en', emailFor: ['escalation'] });
  });
});

describe('product-defect, when the customer says "not solved"', () => {
  const track = (customer: Submitted) => the.baton.request('POST', '/api/track', { body: { trackingCode: customer.trackingCode, email: customer.email } });
  const reopen = (customer: Submitted, reason: string) =>
    the.baton.request('POST', '/api/track/reopen', { body: { trackingCode: customer.trackingCode, email: customer.email, reason } });
  /** Service finds no defect, reroutes the confirmation to sales, and sales closes the issue. */
  async function closedBySales(): Promise<Submitted> {
    const customer = await the.submit('product-defect');
    await the.complete('service', await the.taskOf(customer.issueId, 'triage'), 'not_a_defect', { explanation: 'Used outside its rating' });
    const confirm = await the.taskOf(customer.issueId, 'confirm', { as: 'service' });
    await the.complete('service', confirm, 'reroute', { reason: 'Sales promised the customer a call', toDepartment: 'sales' });
    await the.complete('sales', await the.taskOf(customer.issueId, 'confirm', { as: 'sales', not: [confirm.taskId] }), 'resolved', { confirmation: 'Happy for now' });
    await the.until(customer.issueId, closed);
    return customer;
  }

  it.concurrent('reopens into a follow-up step of the department that closed it, with the reason first and the old history intact', async () => {
    // Prepare
    const customer = await closedBySales();
    const before = await the.view(customer.issueId);
    const tracked = await track(customer);
    expect(tracked.body.reopen).toEqual({ possible: true, until: expect.any(String) });
    const sfn = new SFNClient({ endpoint: the.baton.endpoints.stepfunctions, region: the.baton.region, credentials: the.baton.credentials });
    const firstExecution = `${config.stateMachineArns()['product-defect']!.replace(':stateMachine:', ':execution:')}:${customer.issueId}`;
    const historyBefore = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: firstExecution }))).events ?? [];

    // Act
    const reopened = await reopen(customer, 'The pump still stops after an hour.');

    // Assess: the follow-up opens in sales, which closed the issue, with the customer's reason as its handoff.
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201);
    const followUp = await the.taskOf(customer.issueId, 'reopened', { as: 'sales' });
    expect(followUp.department).toBe('sales');
    expect(followUp.handoff).toMatchObject({ from: 'customer', summary: 'The pump still stops after an hour.' });
    const view = await the.view(customer.issueId);
    expect(view.issue.status).toBe('open');
    expect(view.events.slice(0, before.events.length)).toEqual(before.events);
    expect(view.events.find((event: { type: string }) => event.type === 'issue_reopened')).toMatchObject({
      actor: { kind: 'customer' },
      visibility: 'customer',
      text: 'The pump still stops after an hour.',
      data: { reopens: 1, department: 'sales' },
    });
    expect((await track(customer)).body.timeline.at(-1)).toMatchObject({ type: 'issue_reopened', from: 'customer', text: 'The pump still stops after an hour.' });
    // The first execution ended as it was and keeps its history; the reopen runs as an execution of its own.
    const first = await sfn.send(new DescribeExecutionCommand({ executionArn: firstExecution }));
    expect(first.status).toBe('SUCCEEDED');
    expect((await sfn.send(new GetExecutionHistoryCommand({ executionArn: firstExecution }))).events).toEqual(historyBefore);

    // Act again: sales follows up and the issue closes again; the reopen is counted on the flow's figures.
    await the.complete('sales', followUp, 'solved', { resolution: 'Replaced the pressure switch' });
    const closedAgain = await the.until(customer.issueId, closed);
    expect(typesOf(closedAgain).filter((type) => type === 'issue_closed')).toHaveLength(2);
    const map = await the.baton.request('GET', '/api/flows/product-defect/map', { token: the.tokens.manager });
    expect(map.body.kpis.reopens).toBeGreaterThanOrEqual(1);
    expect((await track(customer)).body.reopen.possible).toBe(true);
  });

  it.concurrent('an open issue cannot be reopened, and a missing reason is a 400 naming it; nothing is stored', async () => {
    const customer = await the.submit('product-defect');
    await the.taskOf(customer.issueId, 'triage');
    const before = (await the.view(customer.issueId)).events.length;
    const notClosed = await reopen(customer, 'Not solved');
    expect(notClosed.status).toBe(409);
    expect(notClosed.body.error.code).toBe('not_closed');
    const noReason = await the.baton.request('POST', '/api/track/reopen', { body: { trackingCode: customer.trackingCode, email: customer.email, reason: '  ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['reason']);
    expect((await the.view(customer.issueId)).events).toHaveLength(before);
    expect((await track(customer)).body.reopen).toBeUndefined();
  });

  // Last in the file: it moves the runtime's clock 14 days on, which every open task of this runtime feels.
  it('14 days after closing, the page says it can no longer be reopened and the API answers why', async () => {
    // Prepare
    const customer = await closedBySales();
    const closedAt = (await the.view(customer.issueId)).events.filter((event: { type: string }) => event.type === 'issue_closed').at(-1).at;

    // Act
    the.passDeadline(Date.parse(closedAt) + 14 * 86_400_000);

    // Assess
    const tracked = await track(customer);
    expect(tracked.body.reopen).toEqual({ possible: false, until: new Date(Date.parse(closedAt) + 14 * 86_400_000).toISOString() });
    const before = (await the.view(customer.issueId)).events.length;
    const refused = await reopen(customer, 'Broken again');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('reopen_window_closed');
    expect(refused.body.error.message).toMatch(/14 days/);
    const after = await the.view(customer.issueId);
    expect(after.events).toHaveLength(before);
    expect(after.issue.status).toBe('closed');
  });
});
