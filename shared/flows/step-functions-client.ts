// Step Functions calls Baton makes: start an issue's execution, hand a person's decision back.
import {
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { config } from '#shared/config.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import type { TaskResult } from '#shared/flows/human-step.ts';

let cached: { endpoint: string | undefined; accessKeyId: string | undefined; client: SFNClient } | undefined;

/** On AWS: the default endpoint and credential chain. Locally: the endpoint signs-checks with the data folder's key. */
export function stepFunctionsClient(): SFNClient {
  const endpoint = config.stepFunctionsEndpoint();
  const credentials = endpoint ? config.localCredentials() : undefined;
  if (!cached || cached.endpoint !== endpoint || cached.accessKeyId !== credentials?.accessKeyId) {
    cached = {
      endpoint,
      accessKeyId: credentials?.accessKeyId,
      client: new SFNClient({ region: config.region(), ...(endpoint ? { endpoint, credentials } : {}) }),
    };
  }
  return cached.client;
}

/** The execution input: ids and decisions only; text stays in DynamoDB. */
export interface IssueExecutionInput {
  issueId: string;
  flowId: FlowId;
}

/**
 * Executions are named by issue id, so starting one twice is harmless: `ExecutionAlreadyExists`
 * means it started (with other input only if someone else started it, which Baton never does).
 */
export async function startIssueExecution(input: IssueExecutionInput): Promise<string> {
  const stateMachineArn = config.stateMachineArns()[input.flowId];
  if (!stateMachineArn) throw new Error(`No state machine is configured for flow ${input.flowId}.`);
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.issueId}`;
  try {
    const started = await stepFunctionsClient().send(
      new StartExecutionCommand({ stateMachineArn, name: input.issueId, input: JSON.stringify(input) }),
    );
    return started.executionArn ?? executionArn;
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return executionArn;
    throw error;
  }
}

export async function sendTaskResult(taskToken: string, result: TaskResult): Promise<void> {
  await sendTaskOutput(taskToken, result);
}

/** Completes a waiting step with a small output (ids and decisions only). */
export async function sendTaskOutput(taskToken: string, output: object): Promise<void> {
  await stepFunctionsClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
}

/** The definition an execution runs on (its own version, whatever the flow file says today). */
export async function definitionOfExecution(executionArn: string): Promise<unknown> {
  const described = await stepFunctionsClient().send(new DescribeStateMachineForExecutionCommand({ executionArn }));
  return JSON.parse(described.definition ?? '{}');
}
