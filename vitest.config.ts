import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/support/setup-env.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start their own DynamoDB Local JVM: keep the 2-core machine calm.
    maxWorkers: 2,
    minWorkers: 1,
    allowOnly: false,
  },
});
