// kill -9 of the Baton process in the middle of a burst of writes, then a restart on the same data
// folder: nothing acknowledged (2xx) is lost, no issue is stranded (every step the flow waits on has
// its open task, and every open task is waited on), no completion is filed as late, and every repair
// the start-up made is an event in an issue's history. See "After a crash" in infra/local/README.md.
import { describe, expect, it } from 'vitest';
import { localCredentials } from '#infra/local/local-credentials.ts';
import { sampleIssue, signInAt, tempDataDir } from '../../support/local-baton.ts';
import { printedEndpoint, startBatonProcess, type BatonProcess } from '../../support/baton-process.ts';
import { invariantBreaches } from '../../support/flow-invariant.ts';
import { inboxMessages } from '../../support/inbox.ts';

// Every round starts Baton as a separate process (a JVM and a TypeScript load): slow on a busy machine.
const faultTests = { timeout: 900_000 };
const rounds = 2;

interface IssueEvent {
  seq: number;
  type: string;
  text?: string;
  data: { taskId?: string };
}

/** The calls a browser makes; a request the crash cut off rejects (never acknowledged). */
function client(url: string) {
  const request = async (method: string, route: string, { body, token }: { body?: unknown; token?: string } = {}) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const login = (username: string) => signInAt(url, username);
  return { request, login };
}

/** The endpoint npm start printed, signed with the data folder's key (as the AWS CLI would be). */
const stepFunctionsOf = (baton: BatonProcess, dataDir: string) => ({
  endpoint: printedEndpoint(baton, 'Step Functions'),
  credentials: localCredentials(dataDir),
});

/** Repairs by the event each one records, as the start-up repair reported them (its log line). */
const repairsReported = (baton: BatonProcess): Record<string, number> => {
  const counted: Record<string, number> = { task_restored: 0, task_closed_by_repair: 0, completion_confirmed: 0 };
  for (const line of baton.output().split('\n').filter((text) => text.includes('"repaired pending work"'))) {
    const report = JSON.parse(line) as Record<string, number>;
    counted.task_restored! += report.tasksRestored ?? 0;
    counted.task_closed_by_repair! += report.tasksClosed ?? 0;
    counted.completion_confirmed! += report.completionsConfirmed ?? 0;
  }
  return counted;
};

const addCounts = (sum: Record<string, number>, more: Record<string, number>) => {
  for (const [type, count] of Object.entries(more)) sum[type] = (sum[type] ?? 0) + count;
};

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await probe();
  }
  return last;
}

/** Runs `work` with `concurrency` lanes and kills Baton (-9) once `killAfter` of them were acknowledged. */
async function burstThenKill<T>(baton: BatonProcess, items: T[], concurrency: number, killAfter: number, work: (item: T) => Promise<boolean>): Promise<T[]> {
  const acknowledged: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const ok = await work(item).catch(() => false);
      if (ok) {
        acknowledged.push(item);
        if (acknowledged.length === killAfter) baton.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await baton.exited;
  return acknowledged;
}

/** After the last restart: the invariant holds (polled: replayed steps may still be opening), and nothing was filed late. */
async function assertSettled(baton: BatonProcess, dataDir: string, issueIds: string[], repairs: Record<string, number>) {
  const api = client(baton.url);
  const manager = await api.login('manager');
  const viewOf = async (issueId: string) => (await api.request('GET', `/api/issues/${issueId}`, { token: manager })).body;
  const breaches = await until(
    'issues stranded or with orphaned tasks',
    () => invariantBreaches(stepFunctionsOf(baton, dataDir), async (issueId) => (await viewOf(issueId)).tasks, issueIds),
    (found) => found.length === 0,
  );
  expect(breaches).toEqual([]);
  const events = (await Promise.all(issueIds.map(viewOf))).flatMap((view) => view.events as IssueEvent[]);
  expect(events.filter((event) => event.type === 'late_completion')).toEqual([]);
  const recorded = Object.fromEntries(Object.keys(repairs).map((type) => [type, events.filter((event) => event.type === type).length]));
  expect(recorded).toEqual(repairs);
  return { api, manager, viewOf };
}

describe('kill -9 of Baton during a burst of writes', faultTests, () => {
  it('loses no acknowledged note and strands no issue (300 notes per round)', async () => {
    // Prepare
    const dataDir = tempDataDir('baton-kill9-notes');
    let baton = await startBatonProcess(dataDir, { POWERTOOLS_LOG_LEVEL: 'INFO' }, ['--no-seed']);
    const first = client(baton.url);
    const issueIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      issueIds.push((await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-N${i}` }) })).body.issueId as string);
    }
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      const api = client(baton.url);
      const staff = await api.login('sales');
      const notes = Array.from({ length: 300 }, (_, i) => ({ issueId: issueIds[i % issueIds.length]!, text: `round ${round} note ${i}` }));
      // Act: kill -9 somewhere in the middle of the burst.
      const killAfter = 60 + Math.floor(Math.random() * 180);
      const acked = await burstThenKill(baton, notes, 10, killAfter, async (note) => {
        const response = await api.request('POST', `/api/issues/${note.issueId}/notes`, { token: staff, body: { text: note.text, visibility: 'internal' } });
        return response.status === 201;
      });
      acknowledged.push(...acked.map((note) => note.text));
      baton = await startBatonProcess(dataDir, { POWERTOOLS_LOG_LEVEL: 'INFO' }, ['--no-seed']);
      addCounts(repairs, repairsReported(baton));
    }
    try {
      // Assess
      const { viewOf } = await assertSettled(baton, dataDir, issueIds, repairs);
      const views = await Promise.all(issueIds.map(viewOf));
      const stored = new Set(views.flatMap((view) => (view.events as IssueEvent[]).filter((event) => event.type === 'note_added').map((event) => event.text)));
      expect(acknowledged.filter((text) => !stored.has(text))).toEqual([]);
      for (const view of views) {
        expect((view.events as IssueEvent[]).map((event) => event.seq)).toEqual(view.events.map((_: unknown, i: number) => i + 1));
      }
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
    }
  });

  it('loses no acknowledged completion, strands no issue and files none as late (a burst of completions per round)', async () => {
    // Prepare
    const dataDir = tempDataDir('baton-kill9-completions');
    let baton = await startBatonProcess(dataDir, { POWERTOOLS_LOG_LEVEL: 'INFO' }, ['--no-seed']);
    const issueIds: string[] = [];
    const acknowledged: string[] = [];
    const repairs: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      const api = client(baton.url);
      const service = await api.login('service');
      const roundIssues: string[] = [];
      for (let i = 0; i < 8; i++) {
        roundIssues.push((await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-C${round}${i}` }) })).body.issueId as string);
      }
      issueIds.push(...roundIssues);
      const triageTasks = await Promise.all(
        roundIssues.map(async (issueId) => {
          const view = await until(
            `triage of ${issueId}`,
            async () => (await api.request('GET', `/api/issues/${issueId}`, { token: service })).body,
            (found) => found.tasks?.some((task: { step: string }) => task.step === 'triage'),
          );
          const { taskId } = view.tasks.find((task: { step: string }) => task.step === 'triage');
          expect((await api.request('POST', `/api/tasks/${taskId}/claim`, { token: service })).status).toBe(200);
          return taskId as string;
        }),
      );
      // Act: every triage completed at once; kill -9 after a few are acknowledged.
      const killAfter = 1 + Math.floor(Math.random() * 5);
      const acked = await burstThenKill(baton, triageTasks, 8, killAfter, async (taskId) => {
        const body = { outcome: 'confirmed_defect', fields: { findings: 'Worn bearing' }, packet: { summary: 'Defect' } };
        return (await api.request('POST', `/api/tasks/${taskId}/complete`, { token: service, body })).status === 200;
      });
      acknowledged.push(...acked);
      baton = await startBatonProcess(dataDir, { POWERTOOLS_LOG_LEVEL: 'INFO' }, ['--no-seed']);
      addCounts(repairs, repairsReported(baton));
    }
    try {
      // Assess: each acknowledged completion is stored and taken by its flow (the next steps open).
      const { viewOf } = await assertSettled(baton, dataDir, issueIds, repairs);
      for (const issueId of issueIds) {
        const view = await viewOf(issueId);
        const triage = view.tasks.find((task: { step: string }) => task.step === 'triage');
        if (!acknowledged.includes(triage.taskId)) continue;
        expect(triage.status).toBe('completed');
        await until(
          `the flow of ${issueId} taking its completion`,
          async () => ((await viewOf(issueId)).tasks as Array<{ step: string }>).map((task) => task.step),
          (steps) => steps.includes('root-cause') && steps.includes('remedy'),
        );
      }
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
    }
  });

  it('delivers each message the outbox held unsent exactly once after a kill -9 and a restart', async () => {
    // Prepare: Baton runs without its sender, so every message stays unsent in the outbox.
    const dataDir = tempDataDir('baton-kill9-outbox');
    let baton = await startBatonProcess(dataDir, { BATON_OUTBOX_SENDER: 'off' }, ['--no-seed']);
    const api = client(baton.url);
    const emails = Array.from({ length: 6 }, (_, i) => `outbox-${i}-${Date.now()}@example.com`);
    for (const [i, email] of emails.entries()) {
      const submitted = await api.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-O${i}`, customer: { name: 'Kim', email } }) });
      expect(submitted.status).toBe(201);
    }
    const inboxUrl = () => /mail inbox\s+(\S+)/.exec(baton.output())?.[1] ?? '';
    expect(await inboxMessages(inboxUrl())).toEqual([]);

    // Act: kill -9, then start again with the sender on (the start-up sweep finds what is owed).
    baton.child.kill('SIGKILL');
    await baton.exited;
    baton = await startBatonProcess(dataDir, {}, ['--no-seed']);
    try {
      const deadline = Date.now() + 60_000;
      let messages = await inboxMessages(inboxUrl());
      while (emails.some((email) => !messages.some((message) => message.to.includes(email))) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        messages = await inboxMessages(inboxUrl());
      }
      // A clean restart sends nothing again (a sent message is no longer owed).
      baton.child.kill('SIGINT');
      await baton.exited;
      baton = await startBatonProcess(dataDir, {}, ['--no-seed']);
      const after = await inboxMessages(inboxUrl());

      // Assess
      for (const email of emails) {
        expect(after.filter((message) => message.to.includes(email) && message.subject.startsWith('We have your issue'))).toHaveLength(1);
      }
      expect(new Set(after.map((message) => message.messageId)).size).toBe(after.length);
    } finally {
      baton.child.kill('SIGINT');
      await baton.exited;
    }
  });
});
