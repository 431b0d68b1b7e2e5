// What a step Lambda needs to know about its flow (its SLA, the flow version), taken from its
// payload: the generator writes both there. Reading them from the execution's definition instead
// (DescribeStateMachineForExecution) is a control-plane call, whose quota refills at 1 per second.
// Only an execution started on a definition written before the payload carried them (journaled
// local executions, AWS executions begun before the upgrade) still reads its own definition, once.
import { flowVersionOf, slaSeconds, type AslDefinition } from '#shared/flows/asl.ts';
import type { HumanStepPayload } from '#shared/flows/human-step.ts';
import { definitionOfExecution } from '#shared/flows/step-functions-client.ts';

/** The step's SLA in seconds, unscaled (the handler applies the time factor). */
export async function slaOfStep(step: Pick<HumanStepPayload, 'slaSeconds' | 'executionArn' | 'stateName'>): Promise<number> {
  if (step.slaSeconds !== undefined) return step.slaSeconds;
  return slaSeconds((await definitionOfExecution(step.executionArn)) as AslDefinition, step.stateName, 1);
}

/** The Baton flow version the execution runs on. */
export async function flowVersionOfExecution(input: { flowVersion?: number | undefined; executionArn: string }): Promise<number> {
  if (input.flowVersion !== undefined) return input.flowVersion;
  return flowVersionOf((await definitionOfExecution(input.executionArn)) as AslDefinition);
}
