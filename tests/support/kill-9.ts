// The fault suite's tools for kill -9 of Baton mid-burst (tests/integration/faults/kill-9-*.test.ts): a browser's
// calls to a Baton process, the burst that kills it, and the checks after the last restart.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { localCredentials, localRegion } from '#infra/local/local-credentials.ts';
import { lockDataFolder } from '#infra/local/data-folder-lock.ts';
import { signInAt } from './sign-in.ts';
import { printedEndpoint, startBatonProcess, type BatonProcess } from './baton-process.ts';
import { invariantBreaches } from './flow-invariant.ts';

export interface IssueEvent {
  seq: number;
  type: string;
  text?: string;
  data: { taskId?: string };
}

/**
 * Kill -9 rounds per burst kind, the issue's "5 rounds each", in `npm test` too: a round costs a Baton start (the
 * prebuilt bundle; a JVM only in the first round's restart, see `crashRounds`), a burst and the checks. Measured
 * per-round costs: tests/README.md ("kill -9 rounds").
 */
export const rounds = 5;

/** `npm start -- --no-seed` on the folder, logging at INFO: the start-up repair's report is read from its log. */
export const startLoggedBaton = (dataDir: string, dynamodbEndpoint?: string): Promise<BatonProcess> =>
  startBatonProcess(dataDir, { POWERTOOLS_LOG_LEVEL: 'INFO', ...(dynamodbEndpoint ? { BATON_DYNAMODB_ENDPOINT: dynamodbEndpoint } : {}) }, ['--no-seed']);

/**
 * DynamoDB Local on the data folder's files (the database of the folder's key, as Baton's own JVM keeps it), held by
 * the test so that it outlives Baton's kill -9; Baton uses it when started with `BATON_DYNAMODB_ENDPOINT`.
 * `stop()` closes its standard input, as Baton's death would: it finishes its acknowledged commits and exits.
 */
export function outlivingDynamoDb(dataDir: string): Promise<DynamoDbLocal> {
  const { accessKeyId } = localCredentials(dataDir);
  return startDynamoDbLocal({ dbPath: path.join(dataDir, 'dynamodb'), owner: { accessKeyId, region: localRegion } });
}

/**
 * The Baton processes of the rounds on one data folder. The first round is `npm start`'s whole crash: Baton runs on
 * its own JVM, which the kill takes down too (its stdin closes: it finishes the commits it acknowledged and exits).
 * The folder is then taken over as the next start of Baton would take it (`lockDataFolder`: the killed runtime's
 * lock removed, its JVM asked to stop and waited for), and DynamoDB Local runs on the folder's files outside Baton
 * (held here, given to Baton as `BATON_DYNAMODB_ENDPOINT`) for every later round: the kill is Baton's alone and a
 * restart starts no JVM. First rather than last: the first start needs a JVM anyway, so the rounds start two JVMs
 * in all (the whole crash last started three: the held one, then Baton's own before and after the last kill).
 */
export function crashRounds(dataDir: string) {
  let outliving: DynamoDbLocal | undefined;
  return {
    /** Baton for `round` (0-based; `rounds` is the start after the last kill), on the folder's data as left by the kill before. */
    async startFor(round: number): Promise<BatonProcess> {
      if (round > 0 && !outliving) {
        lockDataFolder(dataDir).release();
        outliving = await outlivingDynamoDb(dataDir);
      }
      return startLoggedBaton(dataDir, outliving?.endpoint);
    },
    /**
     * After the rounds, or when one failed: nothing is asserted after this, so Baton is killed as in the rounds (a
     * clean stop, SIGINT, took it 4.6–7.4 s after the rounds), the held JVM drains and exits, and the folder goes
     * (10–14 MB a run: they were left in the temporary folder, run after run).
     */
    async stop(baton: BatonProcess | undefined): Promise<void> {
      baton?.child.kill('SIGKILL');
      await baton?.exited;
      await outliving?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The calls a browser makes; a request the crash cut off rejects (never acknowledged). */
export function client(url: string) {
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
export const repairsReported = (baton: BatonProcess): Record<string, number> => {
  const counted: Record<string, number> = { task_restored: 0, task_closed_by_repair: 0, completion_confirmed: 0 };
  for (const line of baton.output().split('\n').filter((text) => text.includes('"repaired pending work"'))) {
    const report = JSON.parse(line) as Record<string, number>;
    counted.task_restored! += report.tasksRestored ?? 0;
    counted.task_closed_by_repair! += report.tasksClosed ?? 0;
    counted.completion_confirmed! += report.completionsConfirmed ?? 0;
  }
  return counted;
};

export const addCounts = (sum: Record<string, number>, more: Record<string, number>) => {
  for (const [type, count] of Object.entries(more)) sum[type] = (sum[type] ?? 0) + count;
};

/**
 * Probes until `done`, every `everyMs` (250 ms by default: a probe of the invariant reads every issue and its
 * execution, and more of them cost more CPU than they saved under load). `firstPauseMs` below it starts there and
 * doubles up to it: for a cheap probe of a state that usually comes within a few tens of milliseconds.
 */
export async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, { everyMs = 250, firstPauseMs = everyMs, timeoutMs = 120_000 }: { everyMs?: number; firstPauseMs?: number; timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = firstPauseMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, everyMs);
    last = await probe();
  }
  return last;
}

/** `work` for 0 … count - 1, `concurrency` at a time, each index started as soon as a lane is free; results in index order. */
export async function inLanes<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** What one burst did: every item sent, those acknowledged before the kill and after it (answered before the socket closed). */
export interface Burst<T> {
  acknowledged: T[];
  /** How many were acknowledged when the kill was sent. */
  killedAfter: number;
  /** Sent but never answered with success: cut off by the crash, or refused once the process was gone. */
  unacknowledged: number;
}

/** Runs `work` with `concurrency` lanes and kills Baton (-9) once `killAfter` of them were acknowledged. */
export async function burstThenKill<T>(baton: BatonProcess, items: T[], concurrency: number, killAfter: number, work: (item: T) => Promise<boolean>): Promise<Burst<T>> {
  const acknowledged: T[] = [];
  let unacknowledged = 0;
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const ok = await work(item).catch(() => false);
      if (ok) {
        acknowledged.push(item);
        if (acknowledged.length === killAfter) baton.child.kill('SIGKILL');
      } else {
        unacknowledged++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await baton.exited;
  return { acknowledged, killedAfter: killAfter, unacknowledged };
}

/** What a restart left, counted from outside: what the closing note reports per round. */
export interface RoundFigures {
  acknowledged: number;
  unacknowledged: number;
  lost: number;
  stranded: number;
  late: number;
  /** Repairs reported by the start-up and recorded as events, so far. */
  repairs: Record<string, number>;
}

/** Where a round's wall time went (the burst, the restart, the checks), for its report line: printed, never asserted. */
export function roundPhases() {
  let last = Date.now();
  const spent: string[] = [];
  return {
    done(phase: string) {
      spent.push(`${phase} ${((Date.now() - last) / 1000).toFixed(1)} s`);
      last = Date.now();
    },
    toString: () => spent.join(', '),
  };
}

/** One line per round: what was sent and acknowledged, what the restart lost, stranded, misfiled and repaired, and where the time went. */
export function reportRound(kind: string, round: number, killedAfter: number, figures: RoundFigures, phases: ReturnType<typeof roundPhases>): void {
  console.log(
    `kill -9 during ${kind}, round ${round + 1}/${rounds}: killed after ${killedAfter} acknowledged; ${figures.acknowledged} acknowledged, ` +
      `${figures.unacknowledged} unacknowledged, ${figures.lost} lost, ${figures.stranded} stranded, ${figures.late} filed late; ` +
      `repairs recorded so far ${JSON.stringify(figures.repairs)}; ${phases}`,
  );
}

/**
 * After a restart: the invariant holds (polled: replayed steps may still be opening), nothing was filed late, and
 * every repair reported is recorded. Read as `manager`, a token signed in once: the identity's key is the data
 * folder's, so it outlives the restarts.
 */
export async function assertSettled(baton: BatonProcess, dataDir: string, issueIds: string[], repairs: Record<string, number>, manager: string) {
  const api = client(baton.url);
  const viewOf = async (issueId: string) => (await api.request('GET', `/api/issues/${issueId}`, { token: manager })).body;
  // Each issue's view as the last look at the invariant read it: its events are checked without reading it again.
  const views = new Map<string, { events: IssueEvent[]; tasks: Array<{ taskId: string; status: string; step: string }> }>();
  const breaches = await until(
    'issues stranded or with orphaned tasks',
    () =>
      invariantBreaches(
        stepFunctionsOf(baton, dataDir),
        async (issueId) => {
          const view = await viewOf(issueId);
          views.set(issueId, view);
          return view.tasks;
        },
        issueIds,
      ),
    (found) => found.length === 0,
  );
  expect(breaches).toEqual([]);
  const events = issueIds.flatMap((issueId) => views.get(issueId)!.events);
  const late = events.filter((event) => event.type === 'late_completion');
  expect(late).toEqual([]);
  const recorded = Object.fromEntries(Object.keys(repairs).map((type) => [type, events.filter((event) => event.type === type).length]));
  expect(recorded).toEqual(repairs);
  return { api, viewOf, views, figures: { stranded: breaches.length, late: late.length, repairs: recorded } };
}
