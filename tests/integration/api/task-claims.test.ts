// Claims, releases and completions through the HTTP API, on the tasks the product-defect flow opens.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { sampleIssue, startTestBaton, waitForTask, type TestBaton } from '../../support/local-baton.ts';
import { readStepStats } from '#shared/data/step-stats.ts';
import { readTaskWithToken } from '#shared/data/task-items.ts';

let baton: TestBaton;
let tokens: Record<string, string>;

beforeAll(async () => {
  baton = await startTestBaton();
  tokens = {};
  for (const user of ['service', 'service2', 'sales', 'manager']) tokens[user] = await baton.login(user);
});
afterAll(async () => {
  await baton.dispose();
});

let submissions = 0;

/** A fresh issue's first task: service triage, opened by the product-defect flow (its own order: not attached to an open issue). */
async function openServiceTask() {
  submissions += 1;
  const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-CLAIMS-${submissions}` }) });
  const issueId = submitted.body.issueId as string;
  const task = await waitForTask(baton, tokens.service!, issueId, (candidate) => candidate.step === 'triage' && candidate.status === 'open');
  return { issueId, taskId: task.taskId };
}

const completion = { outcome: 'confirmed_defect', fields: { findings: 'cracked housing' }, note: 'photos attached', packet: { summary: 'Cracked housing', done: 'Checked photos', promised: 'Call back tomorrow' } };

describe('claiming under concurrency', () => {
  it('10 claims by service and 10 by service2 at once: exactly one holds the task, the other is refused every time', async () => {
    // Prepare
    const { taskId, issueId } = await openServiceTask();
    // Act
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const user = i % 2 === 0 ? 'service' : 'service2';
        return baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens[user] }).then((response) => ({ user, response }));
      }),
    );
    // Assess
    const winners = new Set(claims.filter(({ response }) => response.status === 200).map(({ user }) => user));
    expect(winners.size).toBe(1);
    const [winner] = [...winners];
    for (const { user, response } of claims) {
      if (user === winner) expect(response.status).toBe(200);
      else expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 409, code: 'already_claimed' });
    }
    const issue = await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.manager });
    expect(issue.body.events.filter((event: { type: string }) => event.type === 'task_claimed')).toHaveLength(1);
    expect(issue.body.tasks[0]).toMatchObject({ status: 'claimed', claimedBy: winner });
  });
});

describe('the life of a task', () => {
  it('appears in its queue, is claimed, completed once, and every change is one more event', async () => {
    // Prepare
    const { taskId, issueId } = await openServiceTask();
    const eventCount = async () =>
      (await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.sales })).body.events.filter((event: { data: { taskId?: string } }) => event.data.taskId === taskId).length;
    const queue = await baton.request('GET', '/api/queues/service?view=open', { token: tokens.service });
    expect(queue.body.tasks.map((task: { taskId: string }) => task.taskId)).toContain(taskId);
    const before = await eventCount();
    // Act
    const claimed = await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service });
    const again = await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service });
    const mine = await baton.request('GET', '/api/queues/service?view=mine', { token: tokens.service });
    const completed = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: completion });
    const twice = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: completion });
    // Assess
    expect(claimed.status).toBe(200);
    expect(again.status).toBe(200);
    expect(mine.body.tasks.map((task: { taskId: string }) => task.taskId)).toContain(taskId);
    expect(completed.status).toBe(200);
    expect(completed.body.task.status).toBe('completed');
    expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
    expect(await eventCount()).toBe(before + 2);
    const issue = await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.sales });
    const done = issue.body.events.find((event: { type: string }) => event.type === 'task_completed');
    expect(done).toMatchObject({ actor: { kind: 'staff', username: 'service' }, department: 'service', text: 'photos attached', data: { outcome: 'confirmed_defect', packet: completion.packet } });
    expect(issue.body.issue.holders.map((holder: { taskId: string }) => holder.taskId)).not.toContain(taskId);
    expect(issue.body.clocks.service).toBeGreaterThanOrEqual(0);
    expect((await baton.request('GET', '/api/queues/service?view=all', { token: tokens.service })).body.tasks.map((task: { taskId: string }) => task.taskId)).not.toContain(taskId);
  });

  it('another department gets 403 on every action, before the task state is looked at', async () => {
    const { taskId } = await openServiceTask();
    for (const action of ['claim', 'release', 'complete']) {
      const response = await baton.request('POST', `/api/tasks/${taskId}/${action}`, { token: tokens.sales, body: completion });
      expect({ action, status: response.status }).toEqual({ action, status: 403 });
    }
  });

  it('a completion without a required field or with an unknown outcome is a 400 naming it, and changes nothing', async () => {
    const { taskId } = await openServiceTask();
    await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service });
    const missing = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: { ...completion, fields: {} } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'fields.findings', code: 'required' })]);
    const unknown = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: { ...completion, outcome: 'shrug' } });
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'outcome', code: 'unknown_outcome' });
    const noPacket = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: { outcome: 'confirmed_defect', fields: { findings: 'x' } } });
    expect(noPacket.body.error.details[0]).toMatchObject({ field: 'packet', code: 'required' });
    const queue = await baton.request('GET', '/api/queues/service?view=mine', { token: tokens.service });
    expect(queue.body.tasks.find((task: { taskId: string }) => task.taskId === taskId)?.status).toBe('claimed');
  });

  it('a manager claims first and then may complete; a colleague cannot complete a held task', async () => {
    const { taskId } = await openServiceTask();
    await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service });
    const colleague = await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service2, body: completion });
    expect({ status: colleague.status, code: colleague.body.error.code }).toEqual({ status: 409, code: 'not_claimed' });
    const released = await baton.request('POST', `/api/tasks/${taskId}/release`, { token: tokens.manager });
    expect(released.body.task.status).toBe('open');
    expect((await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.manager })).status).toBe(200);
    expect((await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.manager, body: completion })).status).toBe(200);
  });

  it('the step figures for the map agree with the tasks', async () => {
    const stats = await readStepStats('product-defect');
    const issues = await Promise.all([openServiceTask(), openServiceTask()]);
    await baton.request('POST', `/api/tasks/${issues[0]!.taskId}/claim`, { token: tokens.service });
    const after = await readStepStats('product-defect');
    expect(after.triage!.open - (stats.triage?.open ?? 0)).toBe(1);
    expect(after.triage!.claimed - (stats.triage?.claimed ?? 0)).toBe(1);
  });

  it('no response ever carries a task token', async () => {
    const { taskId, issueId } = await openServiceTask();
    const responses = [
      await baton.request('GET', '/api/queues/service?view=all', { token: tokens.service }),
      await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service }),
      await baton.request('GET', `/api/issues/${issueId}`, { token: tokens.service }),
      await baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: completion }),
    ];
    const stored = await readTaskWithToken(taskId);
    expect(stored?.taskToken.length).toBeGreaterThan(20);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(stored!.taskToken);
      expect(JSON.stringify(response.body)).not.toContain('taskToken');
    }
  });

  it('a bad page token or unknown queue is a 400 naming it', async () => {
    const badToken = await baton.request('GET', '/api/queues/service?nextToken=%%%', { token: tokens.service });
    expect(badToken.body.error.details[0].field).toBe('nextToken');
    const badQueue = await baton.request('GET', '/api/queues/legal', { token: tokens.service });
    expect(badQueue.body.error.details[0].field).toBe('department');
  });
});

describe('what a queue row and a search result show of their issue', () => {
  /** The issue's headline as service's whole queue and a search by its order reference both answer it. */
  async function headlines(issueId: string, orderRef: string) {
    const queue = await baton.request('GET', '/api/queues/service?view=all', { token: tokens.service });
    const found = await baton.request('POST', '/api/issues/search', { token: tokens.service, body: { q: orderRef } });
    expect([queue.status, found.status]).toEqual([200, 200]);
    // Every issue a row names has its headline in the same answer: the console reads no issue per row.
    for (const task of queue.body.tasks as Array<{ issueId: string }>) expect(queue.body.headlines[task.issueId]).toBeDefined();
    return { queue: queue.body.headlines[issueId], search: found.body.headlines[issueId] };
  }

  it('names subject, customer and order with the rows, and flags a customer message until staff act on the issue', async () => {
    // Prepare
    const orderRef = `PO-HEADLINE-${Date.now()}`;
    const email = `headline.${Date.now()}@example.com`;
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef, customer: { name: 'Lin Yu', email, company: 'Yu Pumps' } }) });
    const { issueId } = submitted.body;
    await waitForTask(baton, tokens.service!, issueId, (candidate) => candidate.step === 'triage' && candidate.status === 'open');
    const fresh = await headlines(issueId, orderRef);
    // Act: the customer writes; then staff add a note
    const message = await baton.request('POST', '/api/track/messages', { body: { trackingCode: submitted.body.trackingCode, email, message: 'Any news?' } });
    expect(message.status).toBe(201);
    const afterMessage = await headlines(issueId, orderRef);
    const note = await baton.request('POST', `/api/issues/${issueId}/notes`, { token: tokens.sales, body: { text: 'Called back', visibility: 'internal' } });
    expect(note.status).toBe(201);
    const afterNote = await headlines(issueId, orderRef);
    // Assess
    const headline = { subject: sampleIssue().subject, status: 'open', customerName: 'Lin Yu', company: 'Yu Pumps', orderRef };
    expect(fresh).toEqual({ queue: { ...headline, unreadMessage: false }, search: { ...headline, unreadMessage: false } });
    expect(afterMessage).toEqual({ queue: { ...headline, unreadMessage: true }, search: { ...headline, unreadMessage: true } });
    expect(afterNote).toEqual({ queue: { ...headline, unreadMessage: false }, search: { ...headline, unreadMessage: false } });
  });

  it('reads the flag from the history of an issue stored before the flag existed', async () => {
    // Prepare: a customer message, then the issue item as an older Baton stored it (no flag)
    const orderRef = `PO-HEADLINE-OLD-${Date.now()}`;
    const email = `headline.old.${Date.now()}@example.com`;
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef, customer: { name: 'Ode', email } }) });
    const { issueId } = submitted.body;
    await waitForTask(baton, tokens.service!, issueId, (candidate) => candidate.step === 'triage' && candidate.status === 'open');
    expect((await baton.request('POST', '/api/track/messages', { body: { trackingCode: submitted.body.trackingCode, email, message: 'Hello?' } })).status).toBe(201);
    await documentClient().send(new UpdateCommand({ TableName: config.tableName(), Key: issueEntity.key(issueId), UpdateExpression: 'REMOVE unreadMessage' }));
    // Act
    const legacy = await headlines(issueId, orderRef);
    // Assess
    expect(legacy.queue).toMatchObject({ customerName: 'Ode', unreadMessage: true });
    expect(legacy.search).toMatchObject({ customerName: 'Ode', unreadMessage: true });
  });
});
