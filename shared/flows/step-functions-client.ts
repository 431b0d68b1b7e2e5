// Step Functions calls Baton makes: start an issue's execution, hand a person's decision back, and
// (for the repair) ask what an execution actually did.
import {
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type HistoryEvent,
  StartExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { clientPerSettings } from '#shared/aws-client-per-settings.ts';
import { config } from '#shared/config.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import type { TaskResult } from '#shared/flows/human-step.ts';
import { reopenExecutionName } from '#shared/domain/reopen.ts';

const stepFunctionsClientOfSettings = clientPerSettings(config.stepFunctionsEndpoint, (options) => meterAwsCalls(new SFNClient(options)));

/** On AWS: the default endpoint and credential chain. Locally: the endpoint signs-checks with the data folder's key. */
export function stepFunctionsClient(): SFNClient {
  return stepFunctionsClientOfSettings();
}

/**
 * The ARN of the execution named `name`, from the ARN it was started on. On AWS that is the flow's
 * `live` alias (`…:stateMachine:<name>:live`), but executions are named under the state machine
 * itself (`…:execution:<stateMachine>:<name>`), so the qualifier is dropped.
 */
export function executionArnOf(startArn: string, name: string): string {
  const [arn, partition, service, region, account, , stateMachine] = startArn.split(':');
  return [arn, partition, service, region, account, 'execution', stateMachine, name].join(':');
}

/** The execution input: ids and decisions only; text stays in DynamoDB. */
export interface IssueExecutionInput {
  issueId: string;
  flowId: FlowId;
  /** A customer's "not solved": the flow goes straight to its follow-up step, in this department (`home`: the step's own). */
  reopen?: { number: number; department: string };
}

/** The issue's first execution is named by its id; each reopen's by the id and its number. */
export const executionNameOf = (input: IssueExecutionInput) => (input.reopen ? reopenExecutionName(input.issueId, input.reopen.number) : input.issueId);

/**
 * Executions are named by issue id (and reopen), so starting one twice is harmless: `ExecutionAlreadyExists`
 * means it started (with other input only if someone else started it, which Baton never does).
 */
export async function startIssueExecution(input: IssueExecutionInput): Promise<string> {
  const stateMachineArn = config.stateMachineArns()[input.flowId];
  if (!stateMachineArn) throw new Error(`No state machine is configured for flow ${input.flowId}.`);
  const name = executionNameOf(input);
  const executionArn = executionArnOf(stateMachineArn, name);
  try {
    const started = await stepFunctionsClient().send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
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

/**
 * The definition an execution runs on (its own version, whatever the flow file says today). A
 * control-plane call (quota: refills at 1 per second): only for executions whose payloads predate
 * the facts the generator now writes into them (shared/flows/flow-facts.ts).
 */
export async function definitionOfExecution(executionArn: string): Promise<unknown> {
  const described = await stepFunctionsClient().send(new DescribeStateMachineForExecutionCommand({ executionArn }));
  return JSON.parse(described.definition ?? '{}');
}

/** The executions of a flow that are still running (every page). */
export async function runningExecutions(stateMachineArn: string): Promise<Array<{ executionArn: string; name: string }>> {
  const found: Array<{ executionArn: string; name: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await stepFunctionsClient().send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken }));
    for (const execution of page.executions ?? []) found.push({ executionArn: execution.executionArn ?? '', name: execution.name ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** An execution's whole history, oldest first. */
export async function executionHistory(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stepFunctionsClient().send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: true, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * Whether a task token is still waiting, asked without answering it: a heartbeat is accepted only
 * by a waiting token. Baton's human steps set no HeartbeatSeconds, so the heartbeat changes nothing.
 */
export async function tokenIsWaiting(taskToken: string): Promise<boolean> {
  try {
    await stepFunctionsClient().send(new SendTaskHeartbeatCommand({ taskToken }));
    return true;
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) return false;
    throw error;
  }
}
