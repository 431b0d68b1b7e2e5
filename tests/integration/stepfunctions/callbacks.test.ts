import { describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { startStepFunctionsEndpoint } from '../../../infra/local/stepfunctions/index.ts';
import {
  closedExecution,
  countOf,
  describeExecution,
  eventTypes,
  eventually,
  fixture,
  historyOf,
  isContiguous,
  newDataDir,
  recordingLambdas,
  startExecution,
  refusalOf,
  stateMachineArn,
  type RecordedCall,
} from './support/endpoint-harness.ts';
import { endpointForFile } from './support/endpoint-for-file.ts';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';

// The fixtures' TimeoutSeconds 100, HeartbeatSeconds 40 and Wait 100 s run out when a test moves the endpoint's clock.
const seconds = (count: number) => count * 1000;

describe('callback tasks, timers and refusals of the local endpoint', () => {
  const lambdas = recordingLambdas();
  const clock = new MovableClock();
  const sfn = endpointForFile({
    clock,
    invokeLambda: lambdas.invokeLambda,
    stateMachines: {
      'callback-task': 'callback-task.asl.json',
      'callback-with-timeout': 'callback-with-timeout.asl.json',
      'callback-with-heartbeat': 'callback-with-heartbeat.asl.json',
      'parallel-callbacks': 'parallel-callbacks.asl.json',
      'wait-then-record': 'wait-then-record.asl.json',
    },
  });

  const assignmentFor = (executionArn: string, stateName?: string): Promise<RecordedCall> =>
    eventually(
      () => lambdas.callsTo('assign-task').find((call) => call.invocation.executionArn === executionArn && (!stateName || call.invocation.stateName === stateName)),
      (call) => call !== undefined,
    ) as Promise<RecordedCall>;

  const tokenFor = async (executionArn: string, stateName?: string): Promise<string> => String((await assignmentFor(executionArn, stateName)).payload.taskToken);

  describe('waiting for a task token', () => {
    it('passes the token and the context fields to the Lambda and continues with the output of SendTaskSuccess', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-1' }, 'triage-ISS-1');
      const { payload } = await assignmentFor(executionArn);

      // Act
      await sfn.client.send(new SendTaskSuccessCommand({ taskToken: String(payload.taskToken), output: JSON.stringify({ triagedBy: 'sam' }) }));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(payload).toMatchObject({
        executionId: executionArn,
        executionName: 'triage-ISS-1',
        stateName: 'Ask staff to triage',
        retryCount: 0,
        stateMachineId: stateMachineArn('callback-task'),
        issueId: 'ISS-1',
      });
      expect(String(payload.taskToken)).toMatch(/^[A-Za-z0-9+/]{684}$/);
      expect(Number.isNaN(Date.parse(String(payload.enteredTime)))).toBe(false);
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '')).toEqual({ issueId: 'ISS-1', triage: { triagedBy: 'sam' }, outcome: 'closed' });
      const events = await historyOf(sfn.client, executionArn);
      expect(eventTypes(events)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
      expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: 'us-east-1',
      });
    });

    it('issues opaque base64 tokens as long as the service’s own (684 characters), a different one per task', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'parallel-callbacks', { issueId: 'ISS-TOKENS' });
      // Act
      const tokens = [await tokenFor(executionArn, 'Ask production'), await tokenFor(executionArn, 'Ask service')];
      // Assess: what Baton stores and sends per token costs here what it costs on AWS (tests/bench/README.md, "Task tokens").
      for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9+/]{684}$/);
      expect(new Set(tokens).size).toBe(2);
      await sfn.client.send(new StopExecutionCommand({ executionArn }));
    });

    it('lets a Catch on the error name handle SendTaskFailure', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-2' });
      const taskToken = await tokenFor(executionArn);

      // Act
      await sfn.client.send(new SendTaskFailureCommand({ taskToken, error: 'TriageRejected', cause: 'Not our product' }));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '')).toMatchObject({
        outcome: 'rejected',
        failure: { Error: 'TriageRejected', Cause: 'Not our product' },
      });
      expect((await historyOf(sfn.client, executionArn)).find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({
        error: 'TriageRejected',
        cause: 'Not our product',
      });
    });

    it('fails the execution when SendTaskFailure names an error nothing catches', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-3' });
      const taskToken = await tokenFor(executionArn);

      // Act
      await sfn.client.send(new SendTaskFailureCommand({ taskToken, error: 'CustomerVanished', cause: 'No reply' }));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(execution).toMatchObject({ status: 'FAILED', error: 'CustomerVanished', cause: 'No reply' });
      expect((await historyOf(sfn.client, executionArn)).at(-1)?.type).toBe('ExecutionFailed');
    });
  });

  describe('task tokens refused like the service refuses them', () => {
    it('answers InvalidToken for a malformed token and TaskDoesNotExist for an unknown one', async () => {
      // Act
      const malformed = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })));
      const unknown = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(128), output: '{}' })));
      const unknownHeartbeat = await refusalOf(sfn.client.send(new SendTaskHeartbeatCommand({ taskToken: 'B'.repeat(128) })));

      // Assess
      expect(malformed).toMatchObject({ name: 'InvalidToken' });
      expect(unknown).toMatchObject({ name: 'TaskDoesNotExist' });
      expect(unknownHeartbeat).toMatchObject({ name: 'TaskDoesNotExist' });
    });

    it('answers TaskTimedOut for a token already answered', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-4' });
      const taskToken = await tokenFor(executionArn);
      await sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));

      // Act
      const again = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));
      const failure = await refusalOf(sfn.client.send(new SendTaskFailureCommand({ taskToken, error: 'Late' })));

      // Assess
      expect(again).toMatchObject({ name: 'TaskTimedOut' });
      expect(failure).toMatchObject({ name: 'TaskTimedOut' });
    });

    it('refuses an output that is not JSON with InvalidOutput', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-5' });
      const taskToken = await tokenFor(executionArn);

      // Act
      const answering = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: 'done!' })));

      // Assess
      expect(answering).toMatchObject({ name: 'InvalidOutput' });
      expect((await describeExecution(sfn.client, executionArn)).status).toBe('RUNNING');
    });
  });

  describe('timeouts and heartbeats', () => {
    it('raises States.Timeout, which a Catch handles and States.TaskFailed does not, when nobody answers in time', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-with-timeout', { issueId: 'ISS-6' });
      const taskToken = await tokenFor(executionArn);

      // Act
      clock.advance(seconds(100));
      const execution = await closedExecution(sfn.client, executionArn);
      const late = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'escalated', failure: { Error: 'States.Timeout' } });
      const events = await historyOf(sfn.client, executionArn);
      const started = events.find((event) => event.type === 'TaskStarted');
      const timedOut = events.find((event) => event.type === 'TaskTimedOut');
      expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
      expect((timedOut?.timestamp?.getTime() ?? 0) - (started?.timestamp?.getTime() ?? 0)).toBeGreaterThanOrEqual(seconds(100));
      expect(late).toMatchObject({ name: 'TaskTimedOut' });
    });

    it('raises States.Timeout when the heartbeat stops', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-with-heartbeat', { issueId: 'ISS-7' });
      await tokenFor(executionArn);

      // Act: no heartbeat in 40 s, well within the task's 100 s.
      clock.advance(seconds(40));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'escalated', failure: { Error: 'States.Timeout' } });
      expect((await historyOf(sfn.client, executionArn)).find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.cause).toMatch(/heartbeat/);
    });

    it('keeps a task alive past its heartbeat window while heartbeats arrive', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-with-heartbeat', { issueId: 'ISS-8' });
      const taskToken = await tokenFor(executionArn);

      // Act: a heartbeat every 30 s for 60 s, past the 40 s window (and well within the task's 100 s).
      for (let beat = 0; beat < 2; beat += 1) {
        await sfn.client.send(new SendTaskHeartbeatCommand({ taskToken }));
        clock.advance(seconds(30));
      }
      expect((await describeExecution(sfn.client, executionArn)).status).toBe('RUNNING');
      await sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: '{"triagedBy":"kim"}' }));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(JSON.parse(execution.output ?? '')).toMatchObject({ triage: { triagedBy: 'kim' } });
    });
  });

  describe('Parallel branches', () => {
    it('waits for both branch tasks and continues once both tokens are answered', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'parallel-callbacks', { issueId: 'ISS-9' });
      const productionToken = await tokenFor(executionArn, 'Ask production');
      const serviceToken = await tokenFor(executionArn, 'Ask service');

      // Act
      await sfn.client.send(new SendTaskSuccessCommand({ taskToken: serviceToken, output: '{"by":"service"}' }));
      const afterOne = await describeExecution(sfn.client, executionArn);
      await sfn.client.send(new SendTaskSuccessCommand({ taskToken: productionToken, output: '{"by":"production"}' }));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(productionToken).not.toBe(serviceToken);
      expect(afterOne.status).toBe('RUNNING');
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '')).toMatchObject({ answers: [{ by: 'production' }, { by: 'service' }] });
      const recorded = lambdas.callsTo('record-answers').filter((call) => call.invocation.executionArn === executionArn);
      expect(recorded.map((call) => call.payload)).toEqual([[{ by: 'production' }, { by: 'service' }]]);
      const events = await historyOf(sfn.client, executionArn);
      expect(isContiguous(events)).toBe(true);
      expect(eventTypes(events)).toEqual(
        expect.arrayContaining(['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited']),
      );
      expect(countOf(events, 'TaskSubmitted')).toBe(2);
    });
  });

  describe('Wait states', () => {
    it('holds the execution in a Wait until its Seconds have passed on the clock', async () => {
      // Prepare: the Wait has armed its timer, 100 s from when it began.
      const startedAt = clock.now();
      const executionArn = await startExecution(sfn.client, 'wait-then-record', { issueId: 'ISS-10' });
      await eventually(() => clock.dueTimes(), (dueTimes) => dueTimes.some((at) => at >= startedAt + seconds(100)));
      expect((await describeExecution(sfn.client, executionArn)).status).toBe('RUNNING');

      // Act
      clock.advance(seconds(100));
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(eventTypes(await historyOf(sfn.client, executionArn))).toEqual(expect.arrayContaining(['WaitStateEntered', 'WaitStateExited']));
      expect((execution.stopDate?.getTime() ?? 0) - (execution.startDate?.getTime() ?? Number.NaN)).toBeGreaterThanOrEqual(seconds(100));
    });
  });

  describe('stopping an execution', () => {
    it('aborts a waiting execution and refuses its token afterwards', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'callback-task', { issueId: 'ISS-11' });
      const taskToken = await tokenFor(executionArn);

      // Act
      const stopped = await sfn.client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'Customer withdrew' }));
      const execution = await describeExecution(sfn.client, executionArn);
      const late = await refusalOf(sfn.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));

      // Assess
      expect(stopped.stopDate).toBeInstanceOf(Date);
      expect(execution).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'Customer withdrew' });
      expect(late).toMatchObject({ name: 'TaskTimedOut' });
      const events = await historyOf(sfn.client, executionArn);
      expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Withdrawn' } });
    });
  });

  describe('definitions the endpoint refuses', () => {
    it.each([
      ['refused-jsonata.asl.json', /JSONata/],
      ['refused-assign.asl.json', /Assign/],
      ['refused-distributed-map.asl.json', /distributed Map/],
      ['refused-invalid.asl.json', /invalid/i],
    ])('refuses %s with InvalidDefinition and a clear reason', async (file, reason) => {
      // Act
      const [created, started] = await Promise.allSettled([
        sfn.client.send(new CreateStateMachineCommand({ name: file.replace('.asl.json', ''), definition: fixture(file), roleArn: 'arn:aws:iam::000000000000:role/x' })),
        startStepFunctionsEndpoint({ dataDir: newDataDir(), invokeLambda: lambdas.invokeLambda, stateMachines: [{ name: 'refused', definition: fixture(file) }] }),
      ]);

      // Assess
      expect(created).toMatchObject({ status: 'rejected', reason: { name: 'InvalidDefinition', message: expect.stringMatching(reason) } });
      expect(started).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(reason) } });
    });
  });
});
