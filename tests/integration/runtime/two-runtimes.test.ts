// Configuration is one value per runtime (shared/config.ts), not the process's environment: two
// local runtimes live in one process, and each handler and step Lambda sees only its own runtime's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTaskOf } from '../../support/api-fixtures.ts';
import { sampleIssue, startTestBaton, waitForTask, type TestBaton } from '../../support/local-baton.ts';

let first: TestBaton;
let second: TestBaton;

beforeAll(async () => {
  first = await startTestBaton();
  second = await startTestBaton();
});
afterAll(async () => {
  await Promise.all([first?.dispose(), second?.dispose()]);
});

describe('two runtimes in one process', () => {
  it('each stores, lists and runs the flows of its own issues only', async () => {
    // Prepare
    const [firstToken, secondToken] = await Promise.all([first.login('service'), second.login('service')]);
    // Act: one issue on each; each one's flow opens its triage task (a step Lambda writing to its own table).
    const inFirst = await first.api.post('/api/issues', { body: sampleIssue({ subject: 'Only in the first' }) });
    const inSecond = await second.api.post('/api/issues', { body: sampleIssue({ subject: 'Only in the second' }) });
    const firstIssueId = 'issueId' in inFirst.body ? inFirst.body.issueId : '';
    const secondIssueId = 'issueId' in inSecond.body ? inSecond.body.issueId : '';
    await waitForTask(first, firstToken, firstIssueId, openTaskOf('triage'));
    await waitForTask(second, secondToken, secondIssueId, openTaskOf('triage'));
    // Assess
    const listed = async (baton: TestBaton, token: string) => (await baton.api.get('/api/issues', { token })).body.issues.map((issue) => issue.subject);
    expect(await listed(first, firstToken)).toEqual(['Only in the first']);
    expect(await listed(second, secondToken)).toEqual(['Only in the second']);
    expect((await second.request('GET', `/api/issues/${firstIssueId}`, { token: secondToken })).status).toBe(404);
    expect((await first.request('GET', `/api/issues/${secondIssueId}`, { token: firstToken })).status).toBe(404);
  });

  it('each signs in its own staff: a token of one is refused by the other', async () => {
    const token = await first.login('sales');
    expect((await first.request('GET', '/api/me', { token })).status).toBe(200);
    expect((await second.request('GET', '/api/me', { token })).status).toBe(401);
  });
});
