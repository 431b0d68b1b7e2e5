import { defineConfig } from 'vitest/config';

/** Settings every file of the run shares. */
const common = {
  setupFiles: ['tests/support/setup-env.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // expect.poll waits for a state, not for a time: vitest's default of 1 s gave up on a sign-in that a
  // CPU-starved CI machine took longer to show. A poll that succeeds returns at once, so only a test that
  // would fail anyway waits the full 30 s.
  expect: { poll: { timeout: 30_000, interval: 50 } },
  allowOnly: false,
};

export default defineConfig({
  test: {
    // A forked worker per pool slot (not per file), and files that follow one another in a worker share its module cache:
    // the local runtime, the SDK and zod are loaded once per worker rather than once per file (about 1.5 s of import
    // and 1.5 s of a first runtime start each, ~18% of the run: tests/README.md, "Time"). What that asks of a file: leave
    // nothing process-wide behind. A runtime's stop puts back the clock of shared/clock.ts and its settings; the setup
    // file puts process.env back after each file; Chromium's pages are forgotten when their browser closes
    // (support/browser.ts). The runtime already keeps runtimes of one process apart (its settings and identity per
    // invocation, AsyncLocalStorage), as files that start several runtimes in turn needed.
    // vitest 3 reads the pool's isolation from these root options, not from a project's.
    // Neither pool avoids vitest 3's `[vitest-worker]: Timeout calling "onTaskUpdate"`: the worker's RPC to the runner has
    // a fixed 60 s limit, and it fires when the worker's event loop is blocked that long by synchronous work. Here that
    // was the CDK synth of tests/infra/baton-stack.test.ts: it now runs in a child process, without bundling.
    pool: 'forks',
    poolOptions: { forks: { isolate: false }, threads: { isolate: false } },
    // Two files at a time, each with its runtime, Chromium or Baton processes: keep the 2-core machine calm.
    maxWorkers: 2,
    minWorkers: 1,
    allowOnly: false,
    projects: [
      {
        // Pure functions of shared/ and web/src: nothing started, nothing process-wide left set (a test that sets an
        // environment variable deletes it after). A fresh fork per file cost each of these files a Node start and
        // the import of zod and the shared modules again, several times the tests' own time (tests/README.md).
        // They share two worker threads and their module cache instead (this took effect only once the root's
        // poolOptions said so: 16 s → 4 s), and need no DynamoDB Local. vitest runs each pool
        // with its own workers: the groups run one after the other, so the run never has more than 2 workers at once.
        test: {
          ...common,
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Everything that starts a runtime, a process or a browser: two forks that each run file after file (above).
        test: {
          ...common,
          name: 'runtime',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/unit/**'],
          // One DynamoDB Local JVM for every in-memory runtime of the run (each keeps its own database by its key).
          globalSetup: ['tests/support/shared-dynamodb.ts'],
          isolate: false,
          // Browser files run their tests side by side (`describe.concurrent`): mostly waits on the flows, the runtime and
          // Chromium, which three at a time fill without starving a 2-core machine that runs another file beside them.
          maxConcurrency: 3,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
