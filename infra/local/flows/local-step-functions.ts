// Wires the flows to the local Step Functions endpoint: ASL files with placeholders filled by
// local Lambda ARNs, and step Lambdas invoked in-process from functions/.
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { flowSources, placeholdersIn, substitute } from '#shared/flows/flow-definitions.ts';
import { stepLambdas } from '#shared/flows/step-lambdas.ts';
import { lambdaContext } from '#infra/local/lambda/lambda-context.ts';
import { loadHandler, projectRoot } from '#infra/local/lambda/load-handler.ts';
import { startStepFunctionsEndpoint, type StepFunctionsEndpoint } from '#infra/local/stepfunctions/index.ts';
import { localAccountId, localRegion } from '#infra/local/local-credentials.ts';

const region = localRegion;
const accountId = localAccountId;
const functionArn = (id: string) => `arn:aws:lambda:${region}:${accountId}:function:${id}`;
const stateMachineArn = (name: string) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;

type StepHandler = (event: unknown, context: Context) => Promise<unknown>;

async function invokeStepLambda(functionName: string, payload: unknown): Promise<unknown> {
  const id = functionName.split(':').pop();
  const lambda = Object.values(stepLambdas).find((candidate) => candidate.id === id);
  if (!lambda) throw Object.assign(new Error(`Function not found: ${functionName}`), { name: 'Lambda.ResourceNotFoundException' });
  const handler = await loadHandler<StepHandler>(lambda.entry);
  return handler(payload, lambdaContext(lambda.id));
}

export interface LocalFlows {
  endpoint: StepFunctionsEndpoint;
  /** `{ [flowId]: stateMachineArn }`, what BATON_STATE_MACHINE_ARNS holds. */
  stateMachineArns: Record<string, string>;
}

export async function startLocalFlows(options: {
  dataDir: string;
  timeFactor: number;
  workflowsDir?: string;
  /** Runs each step Lambda as its runtime's (its configuration); default: as the process is. */
  scope?: <T>(work: () => Promise<T>) => Promise<T>;
}): Promise<LocalFlows> {
  const scope = options.scope ?? ((work) => work());
  const sources = flowSources(options.workflowsDir ?? path.join(projectRoot, 'workflows'));
  const stateMachines = sources.map(({ flowId, text }) => {
    const values = Object.fromEntries(placeholdersIn(text).map((name) => [name, functionArn(stepLambdas[name].id)]));
    return { name: flowId, definition: substitute(text, values) };
  });
  const endpoint = await startStepFunctionsEndpoint({
    dataDir: options.dataDir,
    timeFactor: options.timeFactor,
    region,
    accountId,
    invokeLambda: (functionName, payload) => scope(() => invokeStepLambda(functionName, payload)),
    stateMachines,
  });
  return { endpoint, stateMachineArns: Object.fromEntries(sources.map(({ flowId }) => [flowId, stateMachineArn(flowId)])) };
}
