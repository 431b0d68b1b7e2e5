// The local endpoint runs the AWS documentation's own examples the way AWS Step Functions does (issue 15).
import { describe, expect, it } from 'vitest';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { closedExecution, eventTypes, historyOf, recordingLambdas, startExecution } from './support/endpoint-harness.ts';
import { endpointForFile } from './support/endpoint-for-file.ts';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/parity';

describe('the local endpoint behaves like AWS Step Functions', () => {
  const sfn = endpointForFile({ timeFactor: 0.01, invokeLambda: recordingLambdas().invokeLambda, stateMachines: {} });

  const createMachine = async (name: string, definition: object): Promise<void> => {
    await sfn.client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
  };

  it('a Fail state builds its Error and Cause with intrinsic functions in ErrorPath and CausePath', async () => {
    // Prepare: the Fail state page's example
    await createMachine('fail-with-intrinsics', {
      StartAt: 'FailState',
      States: {
        FailState: {
          Type: 'Fail',
          ErrorPath: "States.Format('{}', $.Error)",
          CausePath: "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
        },
      },
    });

    // Act
    const executionArn = await startExecution(sfn.client, 'fail-with-intrinsics', { Error: 'ErrorA', Cause: 'a bad input' });
    const execution = await closedExecution(sfn.client, executionArn);

    // Assess
    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'ErrorA',
      cause: 'This is a custom error message for ErrorA, caused by a bad input.',
    });
    expect(eventTypes(await historyOf(sfn.client, executionArn))).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('a Fail state inside a Parallel branch stays catchable by the Parallel state', async () => {
    // Prepare
    await createMachine('caught-fail-with-intrinsics', {
      StartAt: 'Branch out',
      States: {
        'Branch out': {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Give up', States: { 'Give up': { Type: 'Fail', ErrorPath: "States.Format('Custom.{}', $.kind)", Cause: 'static' } } }],
          Catch: [{ ErrorEquals: ['Custom.Refused'], ResultPath: '$.failure', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    });

    // Act
    const executionArn = await startExecution(sfn.client, 'caught-fail-with-intrinsics', { kind: 'Refused' });
    const execution = await closedExecution(sfn.client, executionArn);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({ kind: 'Refused', failure: { Error: 'Custom.Refused', Cause: 'static' } });
  });

  it('States.StringSplit splits at every character of its delimiter argument', async () => {
    // Prepare: the intrinsic functions page's example
    await createMachine('string-split', {
      StartAt: 'Split',
      States: { Split: { Type: 'Pass', Parameters: { 'array.$': 'States.StringSplit($.inputString, $.splitter)' }, End: true } },
    });

    // Act
    const executionArn = await startExecution(sfn.client, 'string-split', { inputString: 'This.is+a,test=string', splitter: '.+,=' });
    const emptiesArn = await startExecution(sfn.client, 'string-split', { inputString: ', , ,', splitter: ',' });
    const execution = await closedExecution(sfn.client, executionArn);
    const empties = await closedExecution(sfn.client, emptiesArn);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? 'null')).toEqual({ array: ['This', 'is', 'a', 'test', 'string'] });
    // AWS leaves out the empty strings between adjacent delimiters.
    expect(JSON.parse(empties.output ?? 'null')).toEqual({ array: [' ', ' '] });
  });

  it('a Choice rule with "IsPresent": false matches a missing field and not a present one', async () => {
    // Prepare
    await createMachine('is-present-false', {
      StartAt: 'Has a value?',
      States: {
        'Has a value?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.possiblyNullValue', IsPresent: false, Next: 'Missing' }],
          Default: 'Present',
        },
        Missing: { Type: 'Pass', Result: 'missing', End: true },
        Present: { Type: 'Pass', Result: 'present', End: true },
      },
    });

    // Act
    const missingArn = await startExecution(sfn.client, 'is-present-false', { other: 1 });
    const nullArn = await startExecution(sfn.client, 'is-present-false', { possiblyNullValue: null });
    const missing = await closedExecution(sfn.client, missingArn);
    const present = await closedExecution(sfn.client, nullArn);

    // Assess
    expect(missing).toMatchObject({ status: 'SUCCEEDED', output: '"missing"' });
    expect(present).toMatchObject({ status: 'SUCCEEDED', output: '"present"' });
  });

  it('a Map with MaxConcurrency 1 records each iteration as finished before the next one starts', async () => {
    // Prepare
    await createMachine('one-at-a-time', {
      StartAt: 'Each item',
      States: {
        'Each item': {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Handle item',
            States: { 'Handle item': { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    });

    // Act
    const executionArn = await startExecution(sfn.client, 'one-at-a-time', ['a', 'b', 'c']);
    const execution = await closedExecution(sfn.client, executionArn);
    const events = await historyOf(sfn.client, executionArn);

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '["a","b","c"]' });
    const iterations = events
      .filter((event) => event.type?.startsWith('MapIteration'))
      .map((event) => {
        const details = event.mapIterationStartedEventDetails ?? event.mapIterationSucceededEventDetails;
        return `${event.type} ${details?.index}`;
      });
    expect(iterations).toEqual([
      'MapIterationStarted 0',
      'MapIterationSucceeded 0',
      'MapIterationStarted 1',
      'MapIterationSucceeded 1',
      'MapIterationStarted 2',
      'MapIterationSucceeded 2',
    ]);
    expect(events.find((event) => event.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
    expect(eventTypes(events)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      ...['a', 'b', 'c'].flatMap(() => ['MapIterationStarted', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded']),
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
