// Work that committed but never reached Step Functions (it was unreachable) is repaired on the next start:
// an issue whose flow never started, a completion and a customer's reply whose callbacks failed. All three
// are made before one restart on the same data folder, then each is checked (one restart instead of three).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleIssue, startTestBaton, tempDataDir, waitForIssue, waitForTask, type TaskView, type TestBaton } from '../../support/local-baton.ts';

const openTaskOf = (step: string) => (task: TaskView) => task.step === step && task.status === 'open';

/** A person claims and completes a task through the API. */
async function work(baton: TestBaton, token: string, taskId: string, outcome: string, fields: Record<string, unknown>) {
  expect((await baton.request('POST', `/api/tasks/${taskId}/claim`, { token })).status).toBe(200);
  return baton.request('POST', `/api/tasks/${taskId}/complete`, { token, body: { outcome, fields, packet: { summary: outcome } } });
}

/** Runs `act` while Step Functions is unreachable (a closed port) for this runtime's handlers, and restores it. */
async function withStepFunctionsDown<T>(baton: TestBaton, act: () => Promise<T>): Promise<T> {
  const realEndpoint = baton.settings.stepFunctionsEndpoint;
  baton.settings.stepFunctionsEndpoint = 'http://127.0.0.1:9';
  try {
    return await act();
  } finally {
    baton.settings.stepFunctionsEndpoint = realEndpoint;
  }
}

// Two starts of a runtime and three flows: slow on a loaded 2-core machine.
const restartTimeoutMs = 240_000;

describe('repair of work that never reached Step Functions, at the next start', { timeout: restartTimeoutMs }, () => {
  const dataDir = tempDataDir('baton-repair-at-start');
  let second: TestBaton;
  const unstarted = { issueId: '' };
  const completion = { issueId: '', triageTaskId: '', status: 0 };
  const reply = { issueId: '', triageTaskId: '', status: 0 };

  beforeAll(async () => {
    // The restart is the runtime's (its Step Functions endpoint replays its journal from the folder, the repair
    // runs at start); the table outlives it in the run's shared DynamoDB Local, under the folder's own key, as it
    // would on disk. DynamoDB Local's own files across a restart: process-lifecycle.test.ts and the kill -9 files.
    const first = await startTestBaton({ dataDir });
    const service = await first.login('service');
    // A completion whose callback fails after the commit.
    completion.issueId = (await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-R1' }) })).body.issueId;
    completion.triageTaskId = (await waitForTask(first, service, completion.issueId, openTaskOf('triage'))).taskId;
    completion.status = (await withStepFunctionsDown(first, () => work(first, service, completion.triageTaskId, 'confirmed_defect', { findings: 'Cracked' }))).status;
    // A customer's reply whose callback fails after the commit: service asks a question first.
    const asked = (await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-R2' }) })).body;
    reply.issueId = asked.issueId;
    reply.triageTaskId = (await waitForTask(first, service, reply.issueId, openTaskOf('triage'))).taskId;
    expect((await work(first, service, reply.triageTaskId, 'ask_customer', { question: 'Which model?' })).status).toBe(200);
    await waitForIssue(first, service, reply.issueId, (view) => view.issue.status === 'waiting_customer');
    reply.status = (
      await withStepFunctionsDown(first, () =>
        first.request('POST', '/api/track/messages', { body: { trackingCode: asked.trackingCode, email: sampleIssue().customer.email, message: 'Model P-200' } }),
      )
    ).status;
    // An issue whose StartExecution fails after the commit.
    const submitted = await withStepFunctionsDown(first, () => first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-R3' }) }));
    expect(submitted.status).toBe(201);
    unstarted.issueId = submitted.body.issueId;
    expect((await first.request('GET', `/api/issues/${unstarted.issueId}`, { token: service })).body.tasks).toEqual([]);
    await first.stop();
    second = await startTestBaton({ dataDir });
  }, restartTimeoutMs);
  afterAll(async () => {
    await second?.dispose();
  });

  it('an issue whose StartExecution failed after the commit is started on the next start', async () => {
    // Assess: the customer's issue was acknowledged (beforeAll) and its flow now runs.
    const token = await second.login('service');
    await waitForTask(second, token, unstarted.issueId, openTaskOf('triage'));
  });

  it('a completion whose callback failed after the commit is delivered on the next start', async () => {
    // Assess: the person's work was saved at once; the flow hears of it after the restart.
    expect(completion.status).toBe(200);
    const token = await second.login('production');
    await waitForTask(second, token, completion.issueId, openTaskOf('root-cause'));
    const view = (await second.request('GET', `/api/issues/${completion.issueId}`, { token })).body;
    expect(view.events.filter((event: { type: string }) => event.type === 'task_completed')).toHaveLength(1);
  });

  it('a customer’s reply whose callback failed after the commit is delivered on the next start', async () => {
    // Assess: the reply was stored at once; the flow hears of it after the restart.
    expect(reply.status).toBe(201);
    const token = await second.login('service');
    const back = await waitForTask(second, token, reply.issueId, (task) => task.step === 'triage' && task.status !== 'completed' && task.taskId !== reply.triageTaskId);
    expect((back as TaskView & { handoff?: { summary: string } }).handoff?.summary).toBe('Model P-200');
    // Back to the person who asked, as after any answer.
    expect(back).toMatchObject({ status: 'claimed', claimedBy: 'service' });
  });
});
