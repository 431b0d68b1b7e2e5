// Nothing waiting for a person is lost when the process dies, and an issue in flight keeps its flow version
// across a restart. Work that committed but never reached Step Functions: repair-at-start.test.ts.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { sampleIssue, signInAt, startTestBaton, tempDataDir, waitForIssue, waitForTask, type TaskView, type TestBaton } from '../../support/local-baton.ts';
import { startBatonProcess } from '../../support/baton-process.ts';
import { flowVersions } from '#shared/flows/catalog.ts';

// The first test starts Baton as a separate process twice (a JVM each time): on a loaded 2-core machine that
// alone can take most of a minute.
const processTests = { timeout: 240_000 };

const openTaskOf = (step: string) => (task: TaskView) => task.step === step && task.status === 'open';

/** A person claims and completes a task through the API. */
async function work(baton: Pick<TestBaton, 'request'>, token: string, taskId: string, outcome: string, fields: Record<string, unknown>) {
  expect((await baton.request('POST', `/api/tasks/${taskId}/claim`, { token })).status).toBe(200);
  return baton.request('POST', `/api/tasks/${taskId}/complete`, { token, body: { outcome, fields, packet: { summary: outcome } } });
}

/** The calls a browser makes, against a Baton running in another process. */
function client(url: string): Pick<TestBaton, 'request' | 'login'> {
  const request: TestBaton['request'] = async (method, route, { body, token } = {}) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    request,
    login: (username) => signInAt(url, username),
  };
}

describe('a restart of the runtime', processTests, () => {
  it('after kill -9 with two tasks waiting in parallel, both come back with their ids and the flow finishes', async () => {
    // Prepare
    const dataDir = tempDataDir('baton-crash');
    const first = await startBatonProcess(dataDir);
    const api = client(first.url);
    const service = await api.login('service');
    const { issueId } = (await api.request('POST', '/api/issues', { body: sampleIssue() })).body;
    const asTestBaton = api as unknown as TestBaton;
    const triage = await waitForTask(asTestBaton, service, issueId, openTaskOf('triage'));
    expect((await work(api, service, triage.taskId, 'confirmed_defect', { findings: 'Worn bearing' })).status).toBe(200);
    const rootCause = await waitForTask(asTestBaton, service, issueId, openTaskOf('root-cause'));
    const remedy = await waitForTask(asTestBaton, service, issueId, openTaskOf('remedy'));
    const sales = await api.login('sales');
    expect((await api.request('POST', `/api/tasks/${remedy.taskId}/claim`, { token: sales })).status).toBe(200);
    // Act
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startBatonProcess(dataDir);
    try {
      const again = client(second.url);
      const againBaton = again as unknown as TestBaton;
      const view = (await again.request('GET', `/api/issues/${issueId}`, { token: service })).body;
      // Assess: the same tasks, in the same state, still answerable.
      expect(view.tasks.filter((task: TaskView) => task.status === 'open' || task.status === 'claimed').map((task: TaskView) => task.taskId).sort()).toEqual(
        [rootCause.taskId, remedy.taskId].sort(),
      );
      const production = await again.login('production');
      expect((await work(again, production, rootCause.taskId, 'root_cause_found', { rootCause: 'Batch 42' })).status).toBe(200);
      expect(
        (await again.request('POST', `/api/tasks/${remedy.taskId}/complete`, { token: sales, body: { outcome: 'repair', fields: { offer: 'Free repair' }, packet: { summary: 'Repair' } } })).status,
      ).toBe(200);
      const confirm = await waitForTask(againBaton, service, issueId, openTaskOf('confirm'));
      expect((await work(again, service, confirm.taskId, 'resolved', { confirmation: 'Works' })).status).toBe(200);
      const closed = await waitForIssue(againBaton, service, issueId, (issue) => issue.issue.status === 'closed');
      // No event lost or doubled, no step's effect doubled.
      expect(closed.events.map((event: { seq: number }) => event.seq)).toEqual(closed.events.map((_: unknown, i: number) => i + 1));
      const opened = closed.events.filter((event: { type: string }) => event.type === 'task_opened').map((event: { data: { step: string } }) => event.data.step);
      // The parallel branches may open in either order; each step opens exactly once.
      expect([opened[0], [...opened.slice(1, 3)].sort(), opened[3], opened.length]).toEqual(['triage', ['remedy', 'root-cause'], 'confirm', 4]);
      expect(closed.tasks).toHaveLength(4);
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
  });

  it('an issue in flight finishes on the flow version it started with when the file changes; a new issue gets the new version', async () => {
    // Prepare: a copy of the flows, so the test can edit one between two starts.
    const dataDir = tempDataDir('baton-versions');
    const workflowsDir = tempDataDir('baton-workflows');
    cpSync(path.join(projectRoot, 'workflows'), workflowsDir, { recursive: true });
    const file = path.join(workflowsDir, 'product-defect.asl.json');
    // The issue starts on a definition older than the payload facts (SLA, flow version): its steps
    // read them from the definition their execution runs on (shared/flows/flow-facts.ts).
    // Such a definition recorded its version in a step of its own ("Record the flow version").
    const older = JSON.parse(readFileSync(file, 'utf8'), (key, value) => (['slaSeconds', 'flowVersion', 'flowVersion.$'].includes(key) ? undefined : value));
    older.States['Start every step in its home department'].Next = 'Record the flow version';
    older.States['Record the flow version'] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${RecordFlowVersionFunction}', Payload: { 'issueId.$': '$.issueId', 'executionArn.$': '$$.Execution.Id' } },
      ResultPath: null,
      Next: 'Triage the issue',
    };
    writeFileSync(file, JSON.stringify(older));
    // A restart of the runtime on the same folder (executions resume from its journal); the table outlives it in
    // the run's shared DynamoDB Local under the folder's own key, as it would on disk.
    const first = await startTestBaton({ dataDir, workflowsDir });
    const service = await first.login('service');
    const { issueId } = (await first.request('POST', '/api/issues', { body: sampleIssue() })).body;
    const triage = await waitForTask(first, service, issueId, openTaskOf('triage'));
    await first.stop();
    // Act: the next flow version hands the root cause to sales instead of production.
    const current = flowVersions['product-defect'];
    const definition = JSON.parse(readFileSync(path.join(projectRoot, 'workflows/product-defect.asl.json'), 'utf8'));
    definition.Comment = definition.Comment.replace(/Baton flow version \d+\.$/, `Baton flow version ${current + 1}.`);
    definition.States['Start every step in its home department'].Parameters.flowVersion = current + 1;
    definition.States['Investigate and offer a remedy'].Branches[0].States['Find the root cause'].Parameters.Payload.department = 'sales';
    writeFileSync(file, JSON.stringify(definition));
    const second = await startTestBaton({ dataDir, workflowsDir });
    try {
      const token = await second.login('service');
      expect((await work(second, token, triage.taskId, 'confirmed_defect', { findings: 'x' })).status).toBe(200);
      // Assess: the old issue's root cause still goes to production; a new issue's follows the new file.
      expect((await waitForTask(second, token, issueId, openTaskOf('root-cause'))).department).toBe('production');
      const { issueId: newIssue } = (
        await second.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-9002', customer: { name: 'Chen Jing', email: 'chen.jing@example.com' } }) })
      ).body;
      const newTriage = await waitForTask(second, token, newIssue, openTaskOf('triage'));
      expect((await work(second, token, newTriage.taskId, 'confirmed_defect', { findings: 'y' })).status).toBe(200);
      expect((await waitForTask(second, token, newIssue, openTaskOf('root-cause'))).department).toBe('sales');
      // Each issue shows the version its execution runs on.
      const versionOf = async (id: string) => (await second.request('GET', `/api/issues/${id}`, { token })).body.issue.flowVersion;
      expect({ inFlight: await versionOf(issueId), started: await versionOf(newIssue) }).toEqual({ inFlight: current, started: current + 1 });
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
