// Shared set-up for the Step Functions endpoint tests: fixtures, a recording fake Lambda, an SDK client, polling.
// The endpoint's child process (endpoint-child.ts) imports it too, outside vitest: no vitest imports here.
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { InvokeLambda, LambdaInvocation } from '../../../../infra/local/stepfunctions/index.ts';
import { localRegion, type LocalCredentials } from '../../../../infra/local/local-credentials.ts';
import { Sha256 } from '#infra/local/request-signature.ts';
import { SignatureV4 } from '@smithy/signature-v4';

export const fixture = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/asl/${file}`, import.meta.url)), 'utf8');

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'baton-stepfunctions-'));

export const stateMachineArn = (name: string): string => `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;

/** A client signing with the endpoint's data-folder key, as Baton's own handlers and the AWS CLI do. */
export const sfnClient = (endpoint: { url: string; credentials: LocalCredentials }): SFNClient =>
  new SFNClient({ endpoint: endpoint.url, region: localRegion, credentials: endpoint.credentials, maxAttempts: 1 });

export interface RecordedCall {
  functionName: string;
  payload: Record<string, unknown>;
  invocation: LambdaInvocation;
}

/** A raw JSON-protocol POST, signed as the SDK would sign it: for what the SDK cannot send (an unknown action). */
export const signedPost = async (endpoint: { url: string; credentials: LocalCredentials }, target: string, body: string): Promise<Response> => {
  const url = new URL(endpoint.url);
  const signer = new SignatureV4({ credentials: endpoint.credentials, region: localRegion, service: 'states', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
  return fetch(endpoint.url, { method: 'POST', headers: signed.headers, body });
};

/** A fake in-process Lambda that records every call; `behaviours` answer by function name (default `{ ok: true }`). */
export const recordingLambdas = (behaviours: Record<string, (payload: Record<string, unknown>) => unknown> = {}) => {
  const calls: RecordedCall[] = [];
  const invokeLambda: InvokeLambda = async (functionName, payload, invocation) => {
    calls.push({ functionName, payload: payload as Record<string, unknown>, invocation });
    const behaviour = behaviours[functionName];
    return behaviour ? await behaviour(payload as Record<string, unknown>) : { ok: true };
  };
  const callsTo = (functionName: string): RecordedCall[] => calls.filter((call) => call.functionName === functionName);
  return { calls, callsTo, invokeLambda };
};

export const eventually = async <T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
};

export const startExecution = async (client: SFNClient, machine: string, input: unknown, name?: string): Promise<string> => {
  const { executionArn } = await client.send(
    new StartExecutionCommand({ stateMachineArn: stateMachineArn(machine), input: JSON.stringify(input), ...(name ? { name } : {}) }),
  );
  if (!executionArn) throw new Error('StartExecution returned no executionArn');
  return executionArn;
};

export const describeExecution = (client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  client.send(new DescribeExecutionCommand({ executionArn }));

export const closedExecution = (client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  eventually(
    () => describeExecution(client, executionArn),
    (execution) => execution.status !== 'RUNNING',
  );

export const historyOf = async (client: SFNClient, executionArn: string): Promise<HistoryEvent[]> => {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 50, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
};

export const eventTypes = (events: HistoryEvent[]): string[] => events.map((event) => event.type ?? '');

/** Ids run 1..n, each event pointing at the one before: nothing lost, nothing doubled by a replay. */
export const isContiguous = (events: HistoryEvent[]): boolean =>
  events.every((event, index) => event.id === index + 1 && event.previousEventId === index);

export const countOf = (events: HistoryEvent[], type: string): number => events.filter((event) => event.type === type).length;

/** Appends one Lambda call to a file that outlives the process making it (fsync'd, so a SIGKILL cannot lose it). */
export const recordSideEffect = (file: string, entry: RecordedCall): void => {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

export const readSideEffects = (file: string): RecordedCall[] => {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedCall);
};

/** Awaits a call expected to be refused and returns the error (so no rejection is left unobserved between Act and Assess). */
export const refusalOf = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to be refused, but it succeeded');
};
