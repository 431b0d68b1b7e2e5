// The local runtime's endpoints, as someone else on the same machine would try them: knowing the
// addresses (they are on 127.0.0.1) but not the data folder's key, they can neither read nor change anything.
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { chmodSync, lstatSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTask, readTaskWithToken } from '#shared/data/task-items.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { credentialsFile } from '#infra/local/local-credentials.ts';
import { databaseFileOf } from '#infra/local/dynamodb/dynamodb-local.ts';
import { sampleIssue, startTestBaton, tempDataDir, waitForTask, type TestBaton } from '../../support/local-baton.ts';

let baton: TestBaton;
let staffToken: string;

beforeAll(async () => {
  baton = await startTestBaton();
  staffToken = await baton.login('service');
});
afterAll(async () => {
  await baton.dispose();
});

const madeUp = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** A client for the Step Functions endpoint; one attempt, so a refusal is seen as it is. */
const stepFunctions = (credentials: { accessKeyId: string; secretAccessKey: string }, options: { systemClockOffset?: number } = {}) =>
  new SFNClient({ endpoint: baton.endpoints.stepfunctions, region: baton.region, credentials, maxAttempts: 1, ...options });

const refusalOf = async (call: Promise<unknown>): Promise<{ name?: string; message?: string; $metadata?: { httpStatusCode?: number } }> => {
  try {
    await call;
  } catch (error) {
    return error as { name?: string };
  }
  throw new Error('Expected the call to be refused, but it succeeded');
};

let issues = 0;

/** A fresh issue waiting on its first human step, with the execution it runs in and that step's task token. */
async function waitingIssue() {
  issues += 1;
  const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: `PO-FAULT-${issues}` }) });
  const issueId = submitted.body.issueId as string;
  const task = await waitForTask(baton, staffToken, issueId, (candidate) => candidate.step === 'triage' && candidate.status === 'open');
  const taskToken = (await readTaskWithToken(task.taskId))?.taskToken;
  if (!taskToken) throw new Error(`task ${task.taskId} holds no task token`);
  const executionArn = `arn:aws:states:${baton.region}:000000000000:execution:product-defect:${issueId}`;
  return { issueId, taskId: task.taskId, taskToken, executionArn };
}

describe('the Step Functions endpoint checks every request signature (SigV4)', () => {
  it('a forged SendTaskSuccess and StopExecution with made-up credentials are refused and change nothing', async () => {
    // Prepare
    const { taskId, taskToken, executionArn } = await waitingIssue();
    const owner = stepFunctions(baton.credentials);
    const historyBefore = (await owner.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    const stranger = stepFunctions(madeUp);

    // Act
    const forgedSuccess = await refusalOf(stranger.send(new SendTaskSuccessCommand({ taskToken, output: '{"outcome":"confirmed_defect"}' })));
    const forgedStop = await refusalOf(stranger.send(new StopExecutionCommand({ executionArn, cause: 'forged' })));
    const historyRead = await refusalOf(stranger.send(new GetExecutionHistoryCommand({ executionArn })));

    // Assess
    for (const refusal of [forgedSuccess, forgedStop, historyRead]) {
      expect(refusal.name).toBe('UnrecognizedClientException');
      expect(refusal.$metadata?.httpStatusCode).toBe(400);
    }
    const execution = await owner.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.status).toBe('RUNNING');
    const historyAfter = (await owner.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    expect(historyAfter).toEqual(historyBefore);
    expect((await readTask(taskId))?.status).toBe('open');
  });

  it('the right key id with a wrong secret is refused as a bad signature', async () => {
    // Act
    const refusal = await refusalOf(
      stepFunctions({ accessKeyId: baton.credentials.accessKeyId, secretAccessKey: madeUp.secretAccessKey }).send(new ListStateMachinesCommand({})),
    );
    // Assess
    expect(refusal.name).toBe('InvalidSignatureException');
    expect(refusal.$metadata?.httpStatusCode).toBe(400);
  });

  it('a request signed more than 5 minutes in the past or future is refused, as AWS does', async () => {
    // Act
    const past = await refusalOf(stepFunctions(baton.credentials, { systemClockOffset: -10 * 60_000 }).send(new ListStateMachinesCommand({})));
    const future = await refusalOf(stepFunctions(baton.credentials, { systemClockOffset: 10 * 60_000 }).send(new ListStateMachinesCommand({})));
    // Assess
    expect(past.name).toBe('InvalidSignatureException');
    expect(past.message).toMatch(/^Signature expired/);
    expect(future.name).toBe('InvalidSignatureException');
    expect(future.message).toMatch(/^Signature not yet current/);
  });

  it('an unsigned request is refused', async () => {
    // Act
    const response = await fetch(baton.endpoints.stepfunctions, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: '{}',
    });
    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it("the data folder's own key is accepted", async () => {
    // Act
    const machines = await stepFunctions(baton.credentials).send(new ListStateMachinesCommand({}));
    // Assess
    expect(machines.stateMachines?.map((machine) => machine.name)).toContain('product-defect');
  });
});

/** Streams `totalBytes` of JSON-ish filler to the endpoint, 64 KiB at a time from one reused buffer, and returns its answer. */
function streamHugeBody(url: string, totalBytes: number, declareLength: boolean): Promise<{ status: number; body: any }> {
  const piece = Buffer.alloc(65_536, 0x20);
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= totalBytes) return void this.push(null);
      sent += piece.length;
      this.push(piece);
    },
  });
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartExecution',
        ...(declareLength ? { 'content-length': String(totalBytes) } : {}),
      },
    });
    request.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.once('end', () => {
        body.destroy();
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    // The endpoint reads on (and drops) what is still sent until the answer is in: no reset may come first.
    request.once('error', reject);
    body.pipe(request);
  });
}

describe('the Step Functions endpoint never buffers a body beyond the service limit (1 MiB)', () => {
  const hugeBody = 200 * 1024 * 1024;

  it.each([
    ['declared with Content-Length', true],
    ['streamed chunked, without a declared length', false],
  ])('a 200 MB body %s is refused with 413 and memory does not grow with it', async (_how, declareLength) => {
    // Prepare
    const rssBefore = process.memoryUsage().rss;
    // Act
    const answer = await streamHugeBody(baton.endpoints.stepfunctions, hugeBody, declareLength);
    // Assess
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ __type: 'RequestEntityTooLargeException' });
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });
});

/**
 * Sends a request declaring `totalBytes` of body, writes the first `beforeAnswer` bytes, waits for the answer, then
 * writes the rest and half-closes: what a client that does not stop at a refusal does. Resolves with the answer and
 * how the connection ended ('closed': the endpoint's FIN after the answer; a reset rejects).
 */
function finishBodyAfterAnswer(url: string, totalBytes: number, beforeAnswer: number): Promise<{ status: number; ended: 'closed' }> {
  const { hostname, port, pathname } = new URL(url);
  const head = `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.StartExecution\r\nContent-Length: ${totalBytes}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let reply = '';
    let restSent = false;
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (restSent || !reply.includes('\r\n\r\n')) return;
      restSent = true;
      socket.end(Buffer.alloc(totalBytes - beforeAnswer, 0x20));
    });
    socket.once('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]), ended: 'closed' }));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(Buffer.concat([Buffer.from(head), Buffer.alloc(beforeAnswer, 0x20)])));
  });
}

describe('a refused body does not reset the connection under the client', () => {
  it.each([
    ['the Step Functions endpoint', () => `${baton.endpoints.stepfunctions}/`],
    ['the local API Gateway', () => `${baton.url}/api/issues`],
  ])('%s answers 413 once past 1 MiB; a client that writes on finishes its body without a reset, then the connection closes', async (_server, url) => {
    // Act: 2 MiB before the answer (past the 1 MiB limit), 2 MiB more after it.
    const ending = await finishBodyAfterAnswer(url(), 4 * 1024 * 1024, 2 * 1024 * 1024);
    // Assess
    expect(ending).toEqual({ status: 413, ended: 'closed' });
  });
});

const tableOf = (endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 }));

describe("DynamoDB Local keeps Baton's table under the data folder's key id", () => {
  it('a caller with made-up credentials finds no Baton table and no items', async () => {
    // Prepare
    await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-FAULT-SCAN' }) });
    const stranger = tableOf(baton.endpoints.dynamodb, baton.region, madeUp);
    // Act
    const tables = await stranger.send(new ListTablesCommand({}));
    const scan = await refusalOf(stranger.send(new ScanCommand({ TableName: 'baton' })));
    // Assess
    expect(tables.TableNames ?? []).not.toContain('baton');
    expect(scan.name).toBe('ResourceNotFoundException');
    const owner = await tableOf(baton.endpoints.dynamodb, baton.region, baton.credentials).send(new ScanCommand({ TableName: 'baton', Select: 'COUNT' }));
    expect(owner.Count).toBeGreaterThan(0);
  });

  // Two starts of a runtime on disk (a JVM each): on a loaded 2-core machine that alone can take most of a minute.
  it("a data folder from the -sharedDb days keeps its data: the shared file becomes the folder's key's database", { timeout: 240_000 }, async () => {
    // Prepare: a folder written under one key, then laid out as before (one shared file, no credentials file).
    const dataDir = tempDataDir('baton-shareddb');
    const first = await startTestBaton({ dataDir, inMemory: false });
    const submitted = await first.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-FAULT-SHARED' }) });
    const oldFile = databaseFileOf({ accessKeyId: first.credentials.accessKeyId, region: first.region });
    await first.dispose();
    renameSync(path.join(dataDir, 'dynamodb', oldFile), path.join(dataDir, 'dynamodb', 'shared-local-instance.db'));
    rmSync(credentialsFile(dataDir));
    // Act
    const second = await startTestBaton({ dataDir, inMemory: false });
    try {
      const stored = await tableOf(second.endpoints.dynamodb, second.region, second.credentials).send(
        new GetCommand({ TableName: 'baton', Key: issueEntity.key(String(submitted.body.issueId)) }),
      );
      // Assess
      expect(second.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
      expect(stored.Item?.subject).toBe(sampleIssue().subject);
    } finally {
      await second.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Every folder and file under `folder`, with its permission bits. */
function modesUnder(folder: string): Array<{ entry: string; mode: number }> {
  const entries = [{ entry: folder, mode: lstatSync(folder).mode & 0o777 }];
  for (const child of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const entry = path.join(folder, child);
    entries.push({ entry, mode: lstatSync(entry).mode & 0o777 });
  }
  return entries;
}

describe('the data folder is readable by its owner only', () => {
  it('after a start and some work, nothing under it has group or other permission bits, files from an older run included', { timeout: 240_000 }, async () => {
    // Prepare: a folder an older version left open to everyone.
    const dataDir = tempDataDir('baton-modes');
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'left-by-an-older-run.json'), '{}');
    chmodSync(path.join(dataDir, 'left-by-an-older-run.json'), 0o644);
    const onDisk = await startTestBaton({ dataDir, inMemory: false });
    try {
      // Act: work that writes DynamoDB's files, the execution journal and the identity key.
      const staff = await onDisk.login('service');
      const submitted = await onDisk.request('POST', '/api/issues', { body: sampleIssue({ orderRef: 'PO-FAULT-MODES' }) });
      await waitForTask(onDisk, staff, submitted.body.issueId as string, (candidate) => candidate.step === 'triage');
      const modes = modesUnder(dataDir);
      // Assess
      expect(modes.map(({ entry }) => path.relative(dataDir, entry))).toEqual(
        expect.arrayContaining(['credentials.json', 'runtime.lock', 'dynamodb', path.join('dynamodb', databaseFileOf({ accessKeyId: onDisk.credentials.accessKeyId, region: onDisk.region }))]),
      );
      expect(modes.filter(({ mode }) => (mode & 0o077) !== 0)).toEqual([]);
    } finally {
      await onDisk.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
