// Reading Amazon States Language definitions: the flow files are the single source of truth for
// steps, departments and SLAs (a human step's SLA is its TimeoutSeconds).
import { humanStepPayload } from '#shared/flows/human-step.ts';

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { Payload?: Record<string, unknown> } & Record<string, unknown>;
  TimeoutSeconds?: number;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string } & Record<string, unknown>>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Branches?: AslDefinition[];
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
}

export interface AslDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, AslState>;
}

/** Every state, with the states nested in Parallel branches and Map processors. */
export function allStates(definition: AslDefinition): Array<[string, AslState]> {
  return Object.entries(definition.States).flatMap(([name, state]): Array<[string, AslState]> => [
    [name, state],
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch)),
    ...[state.ItemProcessor, state.Iterator].filter((inner): inner is AslDefinition => !!inner).flatMap(allStates),
  ]);
}

export const isHumanStep = (state: AslState) => state.Type === 'Task' && state.Resource?.endsWith(':lambda:invoke.waitForTaskToken') === true;

/** The literal parts of a human step's Payload: department, step id, names, outcomes. */
export function humanStepDeclaration(state: AslState) {
  const payload = state.Parameters?.Payload ?? {};
  const literal = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.endsWith('.$')));
  return humanStepPayload.pick({ department: true, step: true, stepName: true, outcomes: true }).parse(literal);
}

/** The SLA of a state in seconds (its TimeoutSeconds), scaled by the configured time factor. */
export function slaSeconds(definition: AslDefinition, stateName: string, timeFactor: number): number {
  const state = allStates(definition).find(([name]) => name === stateName)?.[1];
  if (!state?.TimeoutSeconds) throw new Error(`State "${stateName}" has no TimeoutSeconds: every human step needs an SLA.`);
  return state.TimeoutSeconds * timeFactor;
}
