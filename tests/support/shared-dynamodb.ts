// vitest globalSetup: one DynamoDB Local JVM (in memory) for every in-memory runtime of the run. Starting a JVM
// per test file was most of an integration file's start (tests/README.md). Runtimes still never see each
// other's data: without -sharedDb DynamoDB Local keeps one database per access key id, and every runtime's
// data folder generates its own key. Runtimes that test restarts (`inMemory: false`) start their own JVM.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedDynamoDb: { endpoint: string; pid: number };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal({});
  project.provide('sharedDynamoDb', { endpoint: dynamodb.endpoint, pid: dynamodb.pid });
  return () => dynamodb.stop();
}
