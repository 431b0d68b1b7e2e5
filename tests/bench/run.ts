// `npm run bench`: what Baton asks of AWS per operation and per issue, what that allows and costs on
// a default AWS account, then speed and memory figures of the local runtime; printed, never asserted.
// Runs a real Baton (DynamoDB Local in memory, the local Step Functions endpoint, the HTTP API) and
// drives it over HTTP as customers and staff would. Counts are the same on any machine; timings vary,
// so compare those on the same machine.
import '#infra/local/process-defaults.ts';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { awsCallMeter } from '#shared/aws-call-meter.ts';
import { flowIds } from '#shared/flows/catalog.ts';
import { sampleIssue, startTestBaton, waitForTask, type TestBaton } from '../support/local-baton.ts';
import { printFlows, printModel, printOperations, printWriteUnits } from './cost-report.ts';
import { billWrites, countOperations, measureUsualPath, type MeasuredFlow } from './measure-calls.ts';
import { probeOf } from './probe.ts';
import type { Staff } from './usual-paths.ts';

const submissions = Number(process.env.BENCH_ISSUES ?? 200);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Operations counted one at a time (intake, claim, completion each). */
const counted = Math.min(submissions, Number(process.env.BENCH_COUNTED ?? 10));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, samples: number[], wallMs: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const row = {
    what: label,
    n: samples.length,
    'p50 ms': percentile(sorted, 50).toFixed(1),
    'p95 ms': percentile(sorted, 95).toFixed(1),
    'p99 ms': percentile(sorted, 99).toFixed(1),
    'per s': ((samples.length / wallMs) * 1000).toFixed(1),
  };
  return row;
}

async function timed<T>(count: number, parallel: number, action: (index: number) => Promise<T>) {
  const samples: number[] = [];
  const results: T[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = performance.now();
        results[index] = await action(index);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, results, wallMs: performance.now() - started };
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Counted first, one operation at a time, before the load below mixes operations together. */
async function countAwsCalls(baton: TestBaton) {
  awsCallMeter.reportCapacity(true);
  const staff: Staff[] = ['sales', 'production', 'service', 'manager'];
  const tokens = Object.fromEntries(await Promise.all(staff.map(async (user) => [user, await baton.login(user)]))) as Record<Staff, string>;
  const probe = probeOf(baton);
  billWrites(probe);
  const operations = await countOperations(baton, probe, tokens, counted);
  const flows: MeasuredFlow[] = [];
  for (const flowId of flowIds) flows.push(await measureUsualPath(baton, probe, tokens, flowId));
  billWrites(undefined);
  awsCallMeter.reportCapacity(false);
  printOperations(operations);
  printFlows(flows);
  printWriteUnits(flows);
  printModel(flows, operations);
}

async function main() {
  const startT0 = performance.now();
  const baton: TestBaton = await startTestBaton();
  const startMs = performance.now() - startT0;
  try {
    await countAwsCalls(baton);
    const service = await baton.login('service');
    const rows = [];

    const intake = await timed(submissions, concurrency, (i) =>
      baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: `Bench ${i}`, email: `bench${i}@example.com` }, orderRef: `B-${i}` }) }),
    );
    if (intake.results.some((response) => response.status !== 201)) throw new Error('an intake failed');
    rows.push(summary('submit an issue (POST /api/issues)', intake.samples, intake.wallMs));

    const firstTasks = await timed(submissions, concurrency, (i) =>
      waitForTask(baton, service, intake.results[i]!.body.issueId, (task) => task.step === 'triage'),
    );
    rows.push(summary('until its triage task is queued', firstTasks.samples, firstTasks.wallMs));

    const queue = await timed(100, concurrency, () => baton.request('GET', '/api/queues/service?view=open', { token: service }));
    rows.push(summary('read the service queue (50 tasks)', queue.samples, queue.wallMs));

    const claims = await timed(submissions, concurrency, (i) => baton.request('POST', `/api/tasks/${firstTasks.results[i]!.taskId}/claim`, { token: service }));
    if (claims.results.some((response) => response.status !== 200)) throw new Error('a claim failed');
    rows.push(summary('claim a task', claims.samples, claims.wallMs));

    const completions = await timed(submissions, concurrency, (i) =>
      baton.request('POST', `/api/tasks/${firstTasks.results[i]!.taskId}/complete`, {
        token: service,
        body: { outcome: 'confirmed_defect', fields: { findings: 'bench' }, packet: { summary: 'bench' } },
      }),
    );
    if (completions.results.some((response) => response.status !== 200)) throw new Error('a completion failed');
    rows.push(summary('complete a task (stored + callback)', completions.samples, completions.wallMs));

    const views = await timed(200, concurrency, (i) => baton.request('GET', `/api/issues/${intake.results[i % submissions]!.body.issueId}`, { token: service }));
    rows.push(summary('read an issue 360', views.samples, views.wallMs));

    console.log(`\nBaton local runtime benchmark — ${submissions} issues, ${concurrency} clients in parallel`);
    console.log(`start-up until ready: ${(startMs / 1000).toFixed(1)} s`);
    console.table(rows);
    console.log(
      `memory (RSS): Baton node process ${rssMiB(process.pid).toFixed(0)} MiB (includes this benchmark's client), DynamoDB Local JVM ${rssMiB(baton.dynamodbPid).toFixed(0)} MiB`,
    );
  } finally {
    await baton.dispose();
  }
}

await main();
