import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/support/setup-env.ts'],
    // One DynamoDB Local JVM for every in-memory runtime of the run (each keeps its own database by its key).
    globalSetup: ['tests/support/shared-dynamodb.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a state, not for a time: vitest's default of 1 s gave up on a sign-in that a
    // CPU-starved CI machine took longer to show. A poll that succeeds returns at once, so only a test that
    // would fail anyway waits the full 30 s.
    expect: { poll: { timeout: 30_000, interval: 50 } },
    // Stated because it was weighed, not changed: a forked worker per file keeps what the local runtime sets
    // process-wide (process.env's BATON_* settings, the clock of shared/clock.ts, the DynamoDB Local JVM it spawns) apart
    // from other files; worker threads share one process.env. Neither pool avoids vitest 3's
    // `[vitest-worker]: Timeout calling "onTaskUpdate"`: the worker's RPC to the runner has a fixed 60 s limit, and it
    // fires when the worker's event loop is blocked that long by synchronous work, in any pool. Here that was the CDK
    // synth of tests/infra/baton-stack.test.ts (esbuild through spawnSync per function, then the synth itself): it now
    // runs in a child process, without bundling.
    pool: 'forks',
    // Integration suites each start their own DynamoDB Local JVM: keep the 2-core machine calm.
    maxWorkers: 2,
    minWorkers: 1,
    allowOnly: false,
  },
});
