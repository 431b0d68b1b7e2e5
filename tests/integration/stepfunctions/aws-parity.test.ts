// The local endpoint runs the AWS documentation's own examples the way AWS Step Functions does (issue 15).
import { describe, expect, it } from 'vitest';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { closedExecution, recordingLambdas, startExecution } from './support/endpoint-harness.ts';
import { endpointForFile } from './support/endpoint-for-file.ts';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/parity';

describe('the local endpoint behaves like AWS Step Functions', () => {
  const sfn = endpointForFile({ timeFactor: 0.01, invokeLambda: recordingLambdas().invokeLambda, stateMachines: {} });

  const createMachine = async (name: string, definition: object): Promise<void> => {
    await sfn.client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
  };

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
});
