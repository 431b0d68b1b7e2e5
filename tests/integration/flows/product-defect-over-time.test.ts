// The product-defect flow as the runtime's clock moves on, through the HTTP API: what staff are told (bursts of new
// tasks, breaches, tasks about to breach) and the customer's window to say "not solved". These tests move the clock by
// hours or days, which every open task of a runtime feels: they run one at a time (the reopen tests that move nothing
// side by side), on runtimes of their own, apart from product-defect.test.ts's many open tasks (tests/README.md, "Time").
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { config } from '#shared/config.ts';
import { warnTasksAboutToBreach } from '#shared/data/sla-warnings.ts';
import { scheduledLambdas } from '#shared/scheduled-lambdas.ts';
import { localUserPoolId } from '#infra/local/identity/identity-endpoint.ts';
import type { InboxMessage } from '#infra/local/mail/local-mail-server.ts';
import { inboxMessages, mailTo } from '../../support/inbox.ts';
import { localIdentityClient, signInAt } from '../../support/local-baton.ts';
import { closed, flowPlayersForFile, freshRuntimeFor, typesOf, type Submitted } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();
// A ceiling for the reopen tests that run side by side, as in product-defect.test.ts.
const sideBySide = { timeout: 180_000 };

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
    // Nothing here waits for time to pass, but a breach runs the flow on and sends two mails: a loaded machine needs the deadline tests' ceiling (support/late-steps.ts).
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
  // Its last test moves the clock 14 days: the notification tests' open tasks would all breach.
  freshRuntimeFor(the);
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

  it.concurrent('reopens into a follow-up step of the department that closed it, with the reason first and the old history intact', sideBySide, async () => {
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

  it.concurrent('an open issue cannot be reopened, and a missing reason is a 400 naming it; nothing is stored', sideBySide, async () => {
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
