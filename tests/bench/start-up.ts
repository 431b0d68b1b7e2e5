// `npm run bench:start`: how long Baton takes to start as `npm start` runs it, on a fresh data folder, on an
// existing one and after a `kill -9`, and where that time goes inside the start (the runtime's own timeline,
// infra/local/startup-timeline.ts). Printed, never asserted: speed lives here, not in tests (tests/bench/README.md).
import '#infra/local/process-defaults.ts';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { StartupTimings } from '#infra/local/startup-timeline.ts';
import { startBatonProcess, type BatonProcess } from '../support/baton-process.ts';
import { prebuiltMain } from '../support/prebuilt-baton.ts';
import { tempDataDir } from '../support/local-baton.ts';

const rounds = Number(process.env.BENCH_START_ROUNDS ?? 3);
const throughTsx = process.env.BENCH_START_TSX !== '0';
/** What a person would add after `npm start --`: no demo issues, so every start does the same work. */
const args = ['--no-seed'];

type Through = 'bundle' | 'tsx';
/** One start's figures in milliseconds, by row name (the same rows for every start of a scenario). */
type Figures = Record<string, number>;

async function timedStart(dataDir: string, through: Through): Promise<{ baton: BatonProcess; figures: Figures }> {
  const spawnedAt = performance.now();
  const baton = await startBatonProcess(dataDir, { BATON_STARTUP_TIMINGS: '1' }, args, through);
  const running = performance.now() - spawnedAt;
  const line = /Start-up timings: (\{.*\})/.exec(baton.output())?.[1];
  if (!line) throw new Error(`Baton printed no start-up timings (BATON_STARTUP_TIMINGS=1):\n${baton.output()}`);
  const timings = JSON.parse(line) as StartupTimings;
  const figures: Figures = { 'to "Baton is running"': running, 'node loading': timings.loadingMs, 'startLocalRuntime': timings.totalMs };
  // Each part's duration, and when it began within the start (parts may run side by side).
  for (const phase of timings.phases) {
    figures[`  ${phase.name}`] = phase.endMs - phase.startMs;
    figures[`    ${phase.name} begins at`] = phase.startMs;
  }
  return { baton, figures };
}

async function stop(baton: BatonProcess): Promise<number> {
  const asked = performance.now();
  baton.child.kill('SIGTERM');
  await baton.exited;
  return performance.now() - asked;
}

async function killed(baton: BatonProcess): Promise<void> {
  baton.child.kill('SIGKILL');
  await baton.exited;
}

const scenarios: Array<{ name: string; through: Through; times: number; run: () => Promise<Figures> }> = [];
const folders: string[] = [];
const folder = (label: string) => {
  const dataDir = tempDataDir(label);
  folders.push(dataDir);
  return dataDir;
};

/** A data folder Baton has already started on once (and stopped with Ctrl-C). */
async function preparedFolder(label: string): Promise<string> {
  const dataDir = folder(label);
  const first = await startBatonProcess(dataDir, {}, args);
  await stop(first);
  return dataDir;
}

for (const through of ['bundle', ...(throughTsx ? ['tsx' as const] : [])] as Through[]) {
  const times = through === 'bundle' ? rounds : 1;
  scenarios.push({
    name: `fresh data folder (${through})`,
    through,
    times,
    run: async () => {
      const { baton, figures } = await timedStart(folder('baton-bench-fresh'), through);
      figures['stop (SIGTERM to exit)'] = await stop(baton);
      return figures;
    },
  });
  let existing: string | undefined;
  scenarios.push({
    name: `existing data folder (${through})`,
    through,
    times,
    run: async () => {
      existing ??= await preparedFolder('baton-bench-existing');
      const { baton, figures } = await timedStart(existing, through);
      figures['stop (SIGTERM to exit)'] = await stop(baton);
      return figures;
    },
  });
  let crashed: string | undefined;
  scenarios.push({
    name: `after kill -9 (${through})`,
    through,
    times,
    run: async () => {
      crashed ??= await preparedFolder('baton-bench-crashed');
      // The start before the crash is not timed; its JVM drains and exits once Baton is gone (infra/local/README.md).
      await killed(await startBatonProcess(crashed, {}, args));
      const { baton, figures } = await timedStart(crashed, through);
      figures['stop (SIGTERM to exit)'] = await stop(baton);
      return figures;
    },
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

console.log(`npm run bench:start: ${rounds} start(s) per scenario through the prebuilt bundle${throughTsx ? ', 1 through tsx' : ''}, ${args.join(' ')}`);
// Built (or found) before any start is timed: a test run builds it once per version of the sources too.
await prebuiltMain();
console.log(`load average before: ${load()}`);
try {
  for (const scenario of scenarios) {
    const runs: Figures[] = [];
    for (let round = 0; round < scenario.times; round++) runs.push(await scenario.run());
    console.log(`\n${scenario.name}: ${runs.length} start(s)${runs.length > 1 ? '   median    min    max' : ''}`);
    const rows = [...new Set(runs.flatMap((figures) => Object.keys(figures)))];
    for (const row of rows) {
      const values = runs.map((figures) => figures[row]).filter((value): value is number => value !== undefined);
      const cells = runs.length > 1 ? [median(values), Math.min(...values), Math.max(...values)] : [values[0]!];
      console.log(`  ${row.padEnd(34)} ${cells.map((value) => seconds(value).padStart(8)).join(' ')}`);
    }
  }
} finally {
  for (const dataDir of folders) rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\nload average after: ${load()}`);
