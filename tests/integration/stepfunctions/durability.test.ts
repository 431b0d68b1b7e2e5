import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DescribeStateMachineForExecutionCommand, ListExecutionsCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { startStepFunctionsEndpoint, type InvokeLambda, type StepFunctionsEndpoint } from '../../../infra/local/stepfunctions/index.ts';
import { localCredentials } from '../../../infra/local/local-credentials.ts';
import {
  closedExecution,
  countOf,
  eventually,
  fixture,
  historyOf,
  isContiguous,
  newDataDir,
  readSideEffects,
  recordSideEffect,
  sfnClient,
  startExecution,
  stateMachineArn,
} from './support/endpoint-harness.ts';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';

const machines = [
  { name: 'callback-task', definition: fixture('callback-task.asl.json') },
  { name: 'parallel-callbacks', definition: fixture('parallel-callbacks.asl.json') },
  { name: 'callback-with-timeout', definition: fixture('callback-with-timeout.asl.json') },
];

/** A Lambda whose every call is a durable side effect, counted across endpoint restarts. */
const recordingTo =
  (file: string, answer: () => Promise<unknown> = async () => ({ ok: true })): InvokeLambda =>
  async (functionName, payload, invocation) => {
    recordSideEffect(file, { functionName, payload: payload as Record<string, unknown>, invocation });
    return answer();
  };

const start = async (dataDir: string, invokeLambda: InvokeLambda, options: { clock?: MovableClock; stateMachines?: typeof machines } = {}) => {
  const endpoint = await startStepFunctionsEndpoint({ dataDir, invokeLambda, stateMachines: options.stateMachines ?? machines, ...(options.clock ? { clock: options.clock } : {}) });
  await endpoint.ready;
  return { endpoint, client: sfnClient(endpoint) };
};

const submittedTasks = async (client: SFNClient, executionArns: string[]): Promise<number> => {
  const histories = await Promise.all(executionArns.map((executionArn) => historyOf(client, executionArn)));
  return histories.reduce((total, events) => total + countOf(events, 'TaskSubmitted'), 0);
};

const tokensIn = (file: string): string[] =>
  readSideEffects(file)
    .filter((call) => call.functionName === 'assign-task')
    .map((call) => String(call.payload.taskToken));

const answerAll = async (client: SFNClient, tokens: string[]): Promise<void> => {
  for (const taskToken of tokens) await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ answeredWith: taskToken.slice(0, 8) }) }));
};

/** Each step's events appear once, ids run 1..n, and the run ends once. */
const expectSingleCopyHistory = async (client: SFNClient, executionArn: string, taskStates: number): Promise<void> => {
  const events = await historyOf(client, executionArn);
  expect(isContiguous(events)).toBe(true);
  expect(countOf(events, 'ExecutionStarted')).toBe(1);
  expect(countOf(events, 'ExecutionSucceeded')).toBe(1);
  expect(countOf(events, 'TaskStateEntered')).toBe(taskStates);
  expect(countOf(events, 'TaskScheduled')).toBe(taskStates);
  expect(countOf(events, 'TaskSucceeded')).toBe(taskStates);
};

const sideEffectFile = (): string => join(newDataDir(), 'side-effects.jsonl');

describe('executions survive a restart of the endpoint', () => {
  it('keeps waiting callbacks, Parallel branches included, answerable with the same tokens, without repeating any step', async () => {
    // Prepare
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const before = await start(dataDir, recordingTo(sideEffects));
    const single = await startExecution(before.client, 'callback-task', { issueId: 'R-1' });
    const parallel = await startExecution(before.client, 'parallel-callbacks', { issueId: 'R-2' });
    await eventually(() => submittedTasks(before.client, [single, parallel]), (submitted) => submitted === 3);
    await before.endpoint.close();

    // Act
    const after = await start(dataDir, recordingTo(sideEffects));
    await answerAll(after.client, tokensIn(sideEffects));
    const singleExecution = await closedExecution(after.client, single);
    const parallelExecution = await closedExecution(after.client, parallel);

    // Assess
    expect(singleExecution.status).toBe('SUCCEEDED');
    expect(JSON.parse(parallelExecution.output ?? '').answers).toHaveLength(2);
    const calls = readSideEffects(sideEffects);
    expect(calls.filter((call) => call.functionName === 'assign-task')).toHaveLength(3);
    expect(calls.filter((call) => call.functionName === 'record-answers')).toHaveLength(1);
    await after.endpoint.close();
  });

  it('serves the journaled history and execution list after a restart, with no lost or doubled events', async () => {
    // Prepare
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const before = await start(dataDir, recordingTo(sideEffects));
    const single = await startExecution(before.client, 'callback-task', { issueId: 'R-3' });
    const parallel = await startExecution(before.client, 'parallel-callbacks', { issueId: 'R-4' });
    await eventually(() => submittedTasks(before.client, [single, parallel]), (submitted) => submitted === 3);
    const historyBefore = await historyOf(before.client, parallel);
    await before.endpoint.close();

    // Act
    const after = await start(dataDir, recordingTo(sideEffects));
    const listed = await after.client.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArn('parallel-callbacks') }));
    await answerAll(after.client, tokensIn(sideEffects));
    await closedExecution(after.client, single);
    await closedExecution(after.client, parallel);

    // Assess
    expect(listed.executions?.map((execution) => execution.executionArn)).toEqual([parallel]);
    const historyAfter = await historyOf(after.client, parallel);
    expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
    await expectSingleCopyHistory(after.client, single, 1);
    await expectSingleCopyHistory(after.client, parallel, 3);
    expect(countOf(historyAfter, 'TaskSubmitted')).toBe(2);
    await after.endpoint.close();
  });

  it('invokes a Lambda whose result was not journaled again, with the same idempotency key and task token', async () => {
    // Prepare
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const before = await start(dataDir, recordingTo(sideEffects, () => new Promise(() => undefined)));
    const executionArn = await startExecution(before.client, 'callback-task', { issueId: 'R-5' });
    await eventually(() => readSideEffects(sideEffects).length, (calls) => calls === 1);
    await before.endpoint.close();

    // Act
    const after = await start(dataDir, recordingTo(sideEffects));
    await eventually(() => readSideEffects(sideEffects).length, (calls) => calls === 2);
    const [firstCall, secondCall] = readSideEffects(sideEffects);
    await after.client.send(new SendTaskSuccessCommand({ taskToken: String(secondCall?.payload.taskToken), output: '{}' }));
    const execution = await closedExecution(after.client, executionArn);

    // Assess
    expect(secondCall?.invocation.idempotencyKey).toBe(firstCall?.invocation.idempotencyKey);
    expect(secondCall?.payload.taskToken).toBe(firstCall?.payload.taskToken);
    expect(execution.status).toBe('SUCCEEDED');
    await expectSingleCopyHistory(after.client, executionArn, 1);
    await after.endpoint.close();
  });

  it('fires a half-elapsed timeout at its original time, not a full timeout after the restart', async () => {
    // Prepare: TimeoutSeconds 100; the restart happens 60 s in (on a clock the test moves; it goes on across the restart).
    const clock = new MovableClock();
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const before = await start(dataDir, recordingTo(sideEffects), { clock });
    const executionArn = await startExecution(before.client, 'callback-with-timeout', { issueId: 'R-6' });
    await eventually(() => submittedTasks(before.client, [executionArn]), (submitted) => submitted === 1);
    clock.advance(60_000);
    await before.endpoint.close();

    // Act: 40 s more reach the original 100 s (a full timeout counted from the restart would need 100 s more).
    const after = await start(dataDir, recordingTo(sideEffects), { clock });
    clock.advance(40_000);
    const execution = await closedExecution(after.client, executionArn);
    const events = await historyOf(after.client, executionArn);

    // Assess
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'escalated', failure: { Error: 'States.Timeout' } });
    const startedAt = events.find((event) => event.type === 'TaskStarted')?.timestamp?.getTime() ?? 0;
    const timedOutAt = events.find((event) => event.type === 'TaskTimedOut')?.timestamp?.getTime() ?? 0;
    expect(timedOutAt - startedAt).toBeGreaterThanOrEqual(100_000);
    // Counted from the restart it would fire 60 s + 100 s after the start.
    expect(timedOutAt - startedAt).toBeLessThan(160_000);
    expect(readSideEffects(sideEffects)).toHaveLength(1);
    await after.endpoint.close();
  });

  it('resumes an execution on the definition it started with, while new executions use the new one', async () => {
    // Prepare
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const before = await start(dataDir, recordingTo(sideEffects));
    const executionArn = await startExecution(before.client, 'callback-task', { issueId: 'R-7' });
    await eventually(() => submittedTasks(before.client, [executionArn]), (submitted) => submitted === 1);
    await before.endpoint.close();
    const changed = fixture('callback-task.asl.json').replace('"Result": "closed"', '"Result": "closed-by-the-new-definition"');

    // Act
    const after = await start(dataDir, recordingTo(sideEffects), { stateMachines: [{ name: 'callback-task', definition: changed }] });
    const runsOn = await after.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    await answerAll(after.client, tokensIn(sideEffects));
    const resumed = await closedExecution(after.client, executionArn);
    const fresh = await startExecution(after.client, 'callback-task', { issueId: 'R-8' });
    await eventually(() => tokensIn(sideEffects).length, (tokens) => tokens === 2);
    await answerAll(after.client, tokensIn(sideEffects).slice(1));
    const freshExecution = await closedExecution(after.client, fresh);

    // Assess
    expect(runsOn.definition).toContain('"Result": "closed"');
    expect(runsOn.definition).not.toContain('closed-by-the-new-definition');
    expect(JSON.parse(resumed.output ?? '').outcome).toBe('closed');
    expect(JSON.parse(freshExecution.output ?? '').outcome).toBe('closed-by-the-new-definition');
    await after.endpoint.close();
  });

  it('survives kill -9 of the endpoint process', async () => {
    // Prepare
    const dataDir = newDataDir();
    const sideEffects = sideEffectFile();
    const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
    // Node itself with tsx's loader, not the tsx command: that one runs the script in a child of its own, which a
    // SIGKILL of the command left running (the endpoint outlived its "kill -9", orphaned, after the file had finished).
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/endpoint-child.ts', import.meta.url))], {
      cwd: repositoryRoot,
      env: { ...process.env, DATA_DIR: dataDir, SIDE_EFFECTS_FILE: sideEffects },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready?.[1]) resolve(ready[1]);
      });
      child.once('exit', () => reject(new Error(`endpoint child exited before it was ready: ${output}`)));
    });
    // The child created the data folder's key on its first start; a client from outside reads it there.
    const killed = sfnClient({ url, credentials: localCredentials(dataDir) });
    const single = await startExecution(killed, 'callback-task', { issueId: 'K-1' });
    const parallel = await startExecution(killed, 'parallel-callbacks', { issueId: 'K-2' });
    await eventually(() => submittedTasks(killed, [single, parallel]), (submitted) => submitted === 3);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The endpoint itself died, not a wrapper around it: nothing answers where it served.
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();

    // Act
    let after: { endpoint: StepFunctionsEndpoint; client: SFNClient } | undefined;
    try {
      after = await start(dataDir, recordingTo(sideEffects));
      await answerAll(after.client, tokensIn(sideEffects));
      const singleExecution = await closedExecution(after.client, single);
      const parallelExecution = await closedExecution(after.client, parallel);

      // Assess
      expect(singleExecution.status).toBe('SUCCEEDED');
      expect(parallelExecution.status).toBe('SUCCEEDED');
      const calls = readSideEffects(sideEffects);
      const keys = calls.map((call) => call.invocation.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(calls.filter((call) => call.functionName === 'assign-task')).toHaveLength(3);
      expect(calls.filter((call) => call.functionName === 'record-answers')).toHaveLength(1);
      await expectSingleCopyHistory(after.client, single, 1);
      await expectSingleCopyHistory(after.client, parallel, 3);
    } finally {
      await after?.endpoint.close();
    }
  });
});
