import { describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  closedExecution,
  describeExecution,
  eventually,
  eventTypes,
  fixture,
  historyOf,
  isContiguous,
  recordingLambdas,
  startExecution,
  refusalOf,
  signedPost,
  stateMachineArn,
} from './support/endpoint-harness.ts';
import { endpointForFile } from './support/endpoint-for-file.ts';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';

const lambdaError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('the Step Functions API of the local endpoint', () => {
  const lookups = new Map<string, number>();
  const lambdas = recordingLambdas({
    'lookup-issue': (payload) => {
      const issueId = String(payload.issueId);
      const attempt = (lookups.get(issueId) ?? 0) + 1;
      lookups.set(issueId, attempt);
      if (issueId === 'missing') throw lambdaError('IssueNotFound', 'No issue missing');
      if (issueId === 'flaky' && attempt === 1) throw lambdaError('Lambda.ServiceException', 'try again');
      if (issueId === 'huge') return { department: 'service', notes: 'x'.repeat(300_000) };
      return { department: issueId === 'flaky' ? 'service' : 'production' };
    },
  });
  // Retry intervals pass when a test moves this clock.
  const clock = new MovableClock();
  const sfn = endpointForFile({
    clock,
    invokeLambda: lambdas.invokeLambda,
    stateMachines: { 'lambda-steps': 'lambda-steps.asl.json', 'callback-task': 'callback-task.asl.json' },
  });

  describe('state machines', () => {
    it('lists and describes the registered state machines', async () => {
      // Act
      const listed = await sfn.client.send(new ListStateMachinesCommand({}));
      const described = await sfn.client.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachineArn('lambda-steps') }));

      // Assess
      expect(listed.stateMachines?.map((machine) => machine.name)).toEqual(expect.arrayContaining(['callback-task', 'lambda-steps']));
      expect(listed.stateMachines?.[0]?.creationDate).toBeInstanceOf(Date);
      expect(described).toMatchObject({ name: 'lambda-steps', status: 'ACTIVE', type: 'STANDARD', definition: fixture('lambda-steps.asl.json') });
    });

    it('answers StateMachineDoesNotExist for an unknown state machine', async () => {
      // Act
      const describing = await refusalOf(sfn.client.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachineArn('no-such-flow') })));
      const starting = await refusalOf(sfn.client.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('no-such-flow') })));

      // Assess
      expect(describing).toMatchObject({ name: 'StateMachineDoesNotExist', $metadata: { httpStatusCode: 400 } });
      expect(starting).toMatchObject({ name: 'StateMachineDoesNotExist' });
    });

    it('creates a state machine that can then be started', async () => {
      // Prepare
      const definition = JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });

      // Act
      const created = await sfn.client.send(new CreateStateMachineCommand({ name: 'echo', definition, roleArn: 'arn:aws:iam::000000000000:role/x' }));
      const executionArn = await startExecution(sfn.client, 'echo', { hello: 'world' });

      // Assess
      expect(created.stateMachineArn).toBe(stateMachineArn('echo'));
      expect(await closedExecution(sfn.client, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"hello":"world"}' });
    });

    it('answers UnknownOperationException for an action it does not know', async () => {
      // Act
      const response = await signedPost(sfn, 'AWSStepFunctions.DeleteEverything', '{}');

      // Assess
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    });
  });

  describe('starting executions', () => {
    it('returns the same execution when the same name and input are started again while it runs', async () => {
      // Prepare
      const request = { stateMachineArn: stateMachineArn('callback-task'), name: 'issue-100', input: '{"issueId":"100"}' };
      const first = await sfn.client.send(new StartExecutionCommand(request));

      // Act
      const second = await sfn.client.send(new StartExecutionCommand(request));

      // Assess
      expect(second.executionArn).toBe(first.executionArn);
      expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    });

    it('refuses the same name with another input, and the name of a closed execution, with ExecutionAlreadyExists', async () => {
      // Prepare
      await sfn.client.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('callback-task'), name: 'issue-101', input: '{"issueId":"101"}' }));
      const closedArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'done-1' }, 'issue-102');
      await closedExecution(sfn.client, closedArn);

      // Act
      const otherInput = await refusalOf(sfn.client.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('callback-task'), name: 'issue-101', input: '{"issueId":"999"}' })));
      const closedAgain = await refusalOf(sfn.client.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('lambda-steps'), name: 'issue-102', input: '{"issueId":"done-1"}' })));

      // Assess
      expect(otherInput).toMatchObject({ name: 'ExecutionAlreadyExists' });
      expect(closedAgain).toMatchObject({ name: 'ExecutionAlreadyExists' });
    });

    it('refuses an input over 256 KiB with InvalidExecutionInput', async () => {
      // Act
      const starting = await refusalOf(
        sfn.client.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('lambda-steps'), input: JSON.stringify({ notes: 'x'.repeat(262_144) }) })),
      );

      // Assess
      expect(starting).toMatchObject({ name: 'InvalidExecutionInput' });
    });

    it('answers ExecutionDoesNotExist for an unknown execution', async () => {
      // Act
      const describing = await refusalOf(describeExecution(sfn.client, 'arn:aws:states:us-east-1:000000000000:execution:lambda-steps:nobody'));

      // Assess
      expect(describing).toMatchObject({ name: 'ExecutionDoesNotExist' });
    });

    it('lists executions of a state machine filtered by status', async () => {
      // Prepare
      const running = await startExecution(sfn.client, 'callback-task', { issueId: '103' });
      const succeeded = await startExecution(sfn.client, 'lambda-steps', { issueId: 'done-2' });
      await closedExecution(sfn.client, succeeded);

      // Act
      const runningOnes = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArn('callback-task'), statusFilter: 'RUNNING' }));
      const succeededOnes = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArn('lambda-steps'), statusFilter: 'SUCCEEDED' }));

      // Assess
      expect(runningOnes.executions?.map((execution) => execution.executionArn)).toContain(running);
      expect(runningOnes.executions?.every((execution) => execution.status === 'RUNNING')).toBe(true);
      expect(succeededOnes.executions?.map((execution) => execution.executionArn)).toContain(succeeded);
      expect(succeededOnes.executions?.[0]?.startDate).toBeInstanceOf(Date);
    });
  });

  describe('request/response Lambda steps and their history', () => {
    it('records the service-shaped history of a successful run', async () => {
      // Act
      const executionArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'A-1' });
      const execution = await closedExecution(sfn.client, executionArn);
      const events = await historyOf(sfn.client, executionArn);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? '')).toMatchObject({ lookup: { department: 'production', statusCode: 200 }, notified: { ok: true } });
      expect(eventTypes(events)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'ChoiceStateEntered',
        'ChoiceStateExited',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'SucceedStateEntered',
        'SucceedStateExited',
        'ExecutionSucceeded',
      ]);
      expect(isContiguous(events)).toBe(true);
      expect(events[0]?.timestamp).toBeInstanceOf(Date);
      const succeeded = events.find((event) => event.type === 'TaskSucceeded');
      expect(JSON.parse(succeeded?.taskSucceededEventDetails?.output ?? '')).toEqual({
        ExecutedVersion: '$LATEST',
        Payload: { department: 'production' },
        StatusCode: 200,
      });
      expect(events.find((event) => event.type === 'ChoiceStateEntered')?.stateEnteredEventDetails?.name).toBe('Needs production?');
    });

    it('pages the history and returns it newest first on request', async () => {
      // Prepare
      const executionArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'A-2' });
      await closedExecution(sfn.client, executionArn);

      // Act
      const firstPage = await sfn.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
      const reversed = await sfn.client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));

      // Assess
      expect(firstPage.events?.map((event) => event.id)).toEqual([1, 2, 3]);
      expect(firstPage.nextToken).toBeTruthy();
      expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
      expect(reversed.events?.at(-1)?.type).toBe('ExecutionStarted');
    });

    it('catches a Lambda error by its name', async () => {
      // Act
      const executionArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'missing' });
      const execution = await closedExecution(sfn.client, executionArn);
      const events = await historyOf(sfn.client, executionArn);

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const output = JSON.parse(execution.output ?? '') as { outcome: string; failure: { Error: string; Cause: string } };
      expect(output.outcome).toBe('missing');
      expect(output.failure.Error).toBe('IssueNotFound');
      expect(JSON.parse(output.failure.Cause)).toMatchObject({ errorType: 'IssueNotFound', errorMessage: 'No issue missing' });
      expect(events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails?.error).toBe('IssueNotFound');
    });

    it('retries a Lambda.ServiceException and exposes the retry count', async () => {
      // Act
      const executionArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'flaky' });
      // Time passes (a second per look) until the retry, due a second after the failure, has run.
      const execution = await eventually(
        () => {
          clock.advance(1000);
          return describeExecution(sfn.client, executionArn);
        },
        (described) => described.status !== 'RUNNING',
      );

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const attempts = lambdas.callsTo('lookup-issue').filter((call) => call.invocation.executionArn === executionArn);
      expect(attempts.map((call) => call.payload.retryCount)).toEqual([0, 1]);
      expect(attempts.map((call) => call.invocation.attempt)).toEqual([0, 1]);
      expect(new Set(attempts.map((call) => call.invocation.idempotencyKey)).size).toBe(2);
    });

    it('fails the execution with States.DataLimitExceeded when a Lambda returns more than 256 KiB', async () => {
      // Act
      const executionArn = await startExecution(sfn.client, 'lambda-steps', { issueId: 'huge' });
      const execution = await closedExecution(sfn.client, executionArn);

      // Assess
      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    });
  });
});
