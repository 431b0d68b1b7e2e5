import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { startStepFunctionsEndpoint, type StepFunctionsEndpoint } from '../../../infra/local/stepfunctions/index.ts';
import { closedExecution, eventually, fixture, newDataDir, recordingLambdas, sfnClient, startExecution, stateMachineArn } from './support/endpoint-harness.ts';

// Debian's awscli; a pyenv shim may come first on PATH, so the path is explicit.
const AWS_CLI = '/usr/bin/aws';

const run = promisify(execFile);

describe('the AWS CLI against the local endpoint', () => {
  const lambdas = recordingLambdas();
  let endpoint: StepFunctionsEndpoint;
  let client: SFNClient;

  const aws = (...args: string[]) =>
    run(AWS_CLI, ['stepfunctions', ...args, '--endpoint-url', endpoint.url, '--output', 'json'], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: endpoint.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: endpoint.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: endpoint.region,
        AWS_PAGER: '',
      },
    });

  beforeAll(async () => {
    if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} is missing: install Debian's awscli (apt-get install -y awscli) to run this suite`);
    endpoint = await startStepFunctionsEndpoint({
      dataDir: newDataDir(),
      invokeLambda: lambdas.invokeLambda,
      stateMachines: [{ name: 'callback-task', definition: fixture('callback-task.asl.json') }],
    });
    await endpoint.ready;
    client = sfnClient(endpoint);
  });

  afterAll(async () => {
    await endpoint?.close();
  });

  it('lists state machines and executions and reads an execution history', async () => {
    // Prepare
    const executionArn = await startExecution(client, 'callback-task', { issueId: 'CLI-1' });
    const call = await eventually(() => lambdas.callsTo('assign-task')[0], (found) => found !== undefined);
    await client.send(new SendTaskSuccessCommand({ taskToken: String(call?.payload.taskToken), output: '{}' }));
    await closedExecution(client, executionArn);

    // Act
    const machines = JSON.parse((await aws('list-state-machines')).stdout) as { stateMachines: Array<{ name: string }> };
    const executions = JSON.parse((await aws('list-executions', '--state-machine-arn', stateMachineArn('callback-task'))).stdout) as {
      executions: Array<{ executionArn: string; status: string }>;
    };
    const history = JSON.parse((await aws('get-execution-history', '--execution-arn', executionArn)).stdout) as { events: Array<{ type: string }> };

    // Assess
    expect(machines.stateMachines.map((machine) => machine.name)).toContain('callback-task');
    expect(executions.executions).toEqual([expect.objectContaining({ executionArn, status: 'SUCCEEDED' })]);
    expect(history.events.map((event) => event.type)).toEqual(expect.arrayContaining(['ExecutionStarted', 'TaskSubmitted', 'ExecutionSucceeded']));
  });

  it('refuses send-task-success with a bogus token', async () => {
    // Act
    const refusal = await aws('send-task-success', '--task-token', 'bogus', '--task-output', '{}').then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );

    // Assess
    expect(refusal?.code).not.toBe(0);
    expect(refusal?.stderr).toMatch(/InvalidToken/);
  });
});
