import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { lockDataFolder } from '#infra/local/data-folder-lock.ts';
import { localCredentials, localRegion } from '#infra/local/local-credentials.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { customerEmailEntity } from '#shared/data/entities/customer.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { sampleIssue, tempDataDir } from '../../support/sample-data.ts';
import { isAlive, printedEndpoint, processesUsing, recordedJvmPid, startBatonProcess, waitUntilGone, type BatonProcess } from '../../support/baton-process.ts';

// Starting Baton as a separate process (a JVM, and a TypeScript load for the tsx start) is slow on a loaded 2-core machine.
const processTests = { timeout: 240_000 };
// The entity helpers (queryOf) read the table name from configuration as the handlers do; no runtime runs in this
// process to set it, and npm start's table is the default one.
process.env.BATON_TABLE_NAME ??= 'baton';

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the runtime process', processTests, () => {
  // The first three tests are one life of one data folder, in order (each start of Baton as a process is the
  // costly part): started, stopped with Ctrl-C, started again; a second start refused while it runs; then
  // killed with -9 and taken over by the next start.
  const dataDir = tempDataDir('baton-lifecycle');
  let running: BatonProcess | undefined;
  const runningBaton = (): BatonProcess => {
    if (!running) throw new Error('This test needs the Baton the previous test of this file left running.');
    return running;
  };

  it('Ctrl-C stops Baton and its JVM; a submitted issue is still there after the next start', async () => {
    // Prepare: this one start runs exactly as `npm start` does (through tsx); the others run its bundle.
    const first = await startBatonProcess(dataDir, {}, [], 'tsx');
    const jvm = recordedJvmPid(dataDir);
    const submitted = await post(`${first.url}/api/issues`, sampleIssue());
    expect(submitted.status).toBe(201);
    // Act
    first.child.kill('SIGINT');
    // Assess
    expect(await first.exited).toBe(0);
    expect(await waitUntilGone(jvm)).toBe(true);
    expect(processesUsing(dataDir)).toEqual([]);
    running = await startBatonProcess(dataDir);
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: printedEndpoint(running, 'DynamoDB Local'), region: localRegion, credentials: localCredentials(dataDir) }),
    );
    const stored = await table.send(new GetCommand({ TableName: 'baton', Key: issueEntity.key(String(submitted.body.issueId)) }));
    expect(stored.Item?.subject).toBe(sampleIssue().subject);
    // The demo issues were seeded on the first run only: one demo customer still has exactly one issue.
    const demoCustomer = await table.send(new GetCommand({ TableName: 'baton', Key: customerEmailEntity.key('wang.fang@example.com') }));
    const demoIssues = await table.send(new QueryCommand({ ...queryOf(issueEntity.access.ofCustomer(String(demoCustomer.Item?.customerId))), TableName: 'baton' }));
    expect(demoIssues.Items).toHaveLength(1);
  });

  it('a second start on the same data folder is refused with a clear message', async () => {
    // Prepare
    const first = runningBaton();
    // Act
    const second = startBatonProcess(dataDir);
    // Assess
    await expect(second).rejects.toThrow(/Another Baton runtime \(pid \d+.*is using the data folder/s);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
  });

  it('after kill -9 its JVM goes too, and the next start takes over the folder', async () => {
    // Prepare
    const first = runningBaton();
    running = undefined;
    const jvm = recordedJvmPid(dataDir);
    // Act
    first.child.kill('SIGKILL');
    await first.exited;
    // Assess
    expect(await waitUntilGone(jvm)).toBe(true);
    const second = await startBatonProcess(dataDir);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
  });

  afterAll(async () => {
    running?.child.kill('SIGINT');
    await running?.exited;
  });

  it('a JVM left by a killed runtime is found by its recorded pid and stopped', async () => {
    // Prepare: a JVM for this folder that outlived its runtime, and the dead runtime's lock.
    const dataDir = tempDataDir('baton-leftover');
    const leftover = await startDynamoDbLocal({ dbPath: path.join(dataDir, 'dynamodb') });
    writeFileSync(path.join(dataDir, 'dynamodb.pid'), JSON.stringify({ pid: leftover.pid, dataDir }));
    writeFileSync(path.join(dataDir, 'runtime.lock'), JSON.stringify({ pid: 2 ** 22 + 7, startedAt: '2026-01-01T00:00:00Z' }));
    // Act
    const lock = lockDataFolder(dataDir);
    // Assess
    expect(await waitUntilGone(leftover.pid, 10_000)).toBe(true);
    lock.release();
  });

  it('a recorded pid that now belongs to another process is left alone', async () => {
    // Prepare: the pid file names this very test process, which is not a DynamoDB Local JVM.
    const dataDir = tempDataDir('baton-pid-reuse');
    writeFileSync(path.join(dataDir, 'dynamodb.pid'), JSON.stringify({ pid: process.pid, dataDir }));
    // Act
    const lock = lockDataFolder(dataDir);
    // Assess
    expect(isAlive(process.pid)).toBe(true);
    lock.release();
  });
});
