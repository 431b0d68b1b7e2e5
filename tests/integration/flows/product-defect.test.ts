// The product-defect flow end to end through the HTTP API, as the customer and each department
// would do it, on the local Step Functions endpoint running workflows/product-defect.asl.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleIssue, startTestBaton, waitForIssue, waitForTask, type TaskView, type TestBaton } from '../../support/local-baton.ts';

let baton: TestBaton;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  baton = await startTestBaton();
  for (const user of ['service', 'production', 'sales', 'manager']) tokens[user] = await baton.login(user);
});
afterAll(async () => {
  await baton.dispose();
});

async function work(user: string, task: TaskView, outcome: string, fields: Record<string, unknown>, summary: string) {
  const claimed = await baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: tokens[user] });
  expect(claimed.status).toBe(200);
  const completed = await baton.request('POST', `/api/tasks/${task.taskId}/complete`, {
    token: tokens[user],
    body: { outcome, fields, note: `${user} notes`, packet: { summary, done: `${user} did the work`, promised: 'An update within a day' } },
  });
  expect(completed.status).toBe(200);
}

const openTaskOf = (step: string) => (task: TaskView) => task.step === step && task.status === 'open';

describe('product-defect, end to end', () => {
  it('a replacement remedy runs service → production ‖ sales → production → service → closed', async () => {
    // Prepare: the customer submits through the public form.
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue() });
    expect(submitted.status).toBe(201);
    const { issueId } = submitted.body;

    // Act: service triages from its queue.
    const triage = await waitForTask(baton, tokens.service!, issueId, openTaskOf('triage'));
    const queue = await baton.request('GET', '/api/queues/service?view=open', { token: tokens.service });
    expect(queue.body.tasks.map((task: TaskView) => task.taskId)).toContain(triage.taskId);
    await work('service', triage, 'confirmed_defect', { findings: 'Bearing worn out' }, 'Defect confirmed');

    // production and sales work in parallel: both queues hold the issue at once.
    const rootCause = await waitForTask(baton, tokens.production!, issueId, openTaskOf('root-cause'));
    const remedy = await waitForTask(baton, tokens.sales!, issueId, openTaskOf('remedy'));
    const during = (await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.sales })).body;
    expect(during.issue.holders.map((holder: { department: string }) => holder.department).sort()).toEqual(['production', 'sales']);
    await work('sales', remedy, 'replacement', { offer: 'A new pump, shipped this week' }, 'Replacement offered');
    await work('production', rootCause, 'root_cause_found', { rootCause: 'Supplier bearing batch 42', correctiveAction: 'Batch recalled' }, 'Root cause found');

    const replacement = await waitForTask(baton, tokens.production!, issueId, openTaskOf('replacement'));
    await work('production', replacement, 'shipped', { shipmentRef: 'SF-1001', expectedDelivery: '2026-12-01' }, 'Shipped');
    const confirm = await waitForTask(baton, tokens.service!, issueId, openTaskOf('confirm'));
    await work('service', confirm, 'resolved', { confirmation: 'Pump works again' }, 'Customer confirmed');

    // Assess
    const view = await waitForIssue(baton, tokens.manager!, issueId, (issue) => issue.issue.status === 'closed');
    expect(view.path).toEqual(['triage', 'root-cause', 'remedy', 'replacement', 'confirm']);
    expect(view.issue.holders).toEqual([]);
    expect(view.tasks.map((task: TaskView) => task.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    const types = view.events.map((event: { type: string }) => event.type);
    expect(types[0]).toBe('issue_submitted');
    expect(types.at(-1)).toBe('issue_closed');
    expect(types.filter((type: string) => type === 'task_completed')).toHaveLength(5);
    expect(view.events.map((event: { seq: number }) => event.seq)).toEqual(view.events.map((_: unknown, index: number) => index + 1));
    expect(Object.keys(view.clocks).sort()).toEqual(['customer', 'production', 'sales', 'service']);
    const history = await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.production });
    expect(history.body.events.find((event: { data: { step?: string }; type: string }) => event.type === 'task_completed' && event.data.step === 'remedy')).toMatchObject({
      actor: { kind: 'staff', username: 'sales' },
      department: 'sales',
      data: { outcome: 'replacement', packet: { summary: 'Replacement offered' } },
    });
  });

  it('a refund remedy skips the replacement and goes straight to service', async () => {
    const { issueId } = (await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-2002' }) })).body;
    await work('service', await waitForTask(baton, tokens.service!, issueId, openTaskOf('triage')), 'confirmed_defect', { findings: 'Scratched' }, 'Confirmed');
    await work('production', await waitForTask(baton, tokens.production!, issueId, openTaskOf('root-cause')), 'root_cause_found', { rootCause: 'Packaging' }, 'Found');
    await work('sales', await waitForTask(baton, tokens.sales!, issueId, openTaskOf('remedy')), 'refund', { offer: 'Partial refund', amount: 50 }, 'Refund');
    await work('service', await waitForTask(baton, tokens.service!, issueId, openTaskOf('confirm')), 'resolved', { confirmation: 'Happy' }, 'Done');
    const view = await waitForIssue(baton, tokens.manager!, issueId, (issue) => issue.issue.status === 'closed');
    expect(view.path).toEqual(['triage', 'root-cause', 'remedy', 'confirm']);
  });
});

describe('product-defect, when an SLA is breached', () => {
  let fast: TestBaton;
  beforeAll(async () => {
    // Triage’s 4 h SLA becomes about 7 s; the manager’s escalation step about 43 s.
    fast = await startTestBaton({ timeFactor: 0.0005 });
  });
  afterAll(async () => {
    await fast.dispose();
  });

  it('the late task expires, a manager gets the escalation, and the step comes back to service', async () => {
    // Prepare
    const manager = await fast.login('manager');
    const service = await fast.login('service');
    const { issueId } = (await fast.request('POST', '/api/issues', { body: sampleIssue() })).body;
    const first = await waitForTask(fast, service, issueId, openTaskOf('triage'));
    // Act: nobody acts on the triage in time.
    const escalation = await waitForTask(fast, manager, issueId, openTaskOf('triage-escalation'), 30_000);
    // Assess
    const view = (await fast.request('GET', `/api/issues/${issueId}`, { token: manager })).body;
    expect(view.tasks.find((task: TaskView) => task.taskId === first.taskId).status).toBe('expired');
    expect(view.events.some((event: { type: string; data: { taskId?: string } }) => event.type === 'sla_breached' && event.data.taskId === first.taskId)).toBe(true);
    expect(escalation.department).toBe('management');
    expect(view.issue.status).toBe('escalated');
    const managementQueue = await fast.request('GET', '/api/queues/management?view=open', { token: manager });
    expect(managementQueue.body.tasks.map((task: TaskView) => task.taskId)).toContain(escalation.taskId);
    // The manager sends it back with instructions: a new triage task opens for service.
    expect((await fast.request('POST', `/api/tasks/${escalation.taskId}/claim`, { token: manager })).status).toBe(200);
    const done = await fast.request('POST', `/api/tasks/${escalation.taskId}/complete`, {
      token: manager,
      body: { outcome: 'return_to_step', fields: { instructions: 'Call the customer today' }, packet: { summary: 'Back to service' } },
    });
    expect(done.status).toBe(200);
    const again = await waitForTask(fast, service, issueId, (task) => task.step === 'triage' && task.taskId !== first.taskId);
    expect(again.department).toBe('service');
  });

  it('a completion entered after the SLA expired is refused as task_closed but kept in the history', async () => {
    // Prepare: service claims the triage, then the SLA runs out before they finish.
    const service = await fast.login('service');
    const manager = await fast.login('manager');
    const { issueId } = (await fast.request('POST', '/api/issues', { body: sampleIssue() })).body;
    const triage = await waitForTask(fast, service, issueId, openTaskOf('triage'));
    expect((await fast.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: service })).status).toBe(200);
    await waitForTask(fast, manager, issueId, openTaskOf('triage-escalation'), 30_000);
    // Act
    const late = await fast.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: service,
      body: { outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' }, note: 'Sorry, busy day', packet: { summary: 'Late triage' } },
    });
    // Assess
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
    const view = (await fast.request('GET', `/api/issues/${issueId}`, { token: manager })).body;
    expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('expired');
    expect(view.events.find((event: { type: string }) => event.type === 'late_completion')).toMatchObject({
      actor: { kind: 'staff', username: 'service' },
      text: 'Sorry, busy day',
      data: { taskId: triage.taskId, outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' } },
    });
  });
});
