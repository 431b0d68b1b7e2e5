// Reading Amazon States Language definitions: the flow files are the single source of truth for
// steps, departments and SLAs (a human step's SLA is its TimeoutSeconds).
import { humanStepPayload, stepDisplayName } from '#shared/flows/human-step.ts';

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

const waitsForToken = (state: AslState) => state.Type === 'Task' && state.Resource?.endsWith(':lambda:invoke.waitForTaskToken') === true;

/** A step that puts a task in a queue: it waits for a token and declares the outcomes a person picks from. */
export const isHumanStep = (state: AslState) => waitsForToken(state) && state.Parameters?.Payload?.outcomes !== undefined;

/** A step that waits for the customer's reply (the token is answered by POST /api/track/messages). */
export const isCustomerWait = (state: AslState) => waitsForToken(state) && !isHumanStep(state);

/**
 * Baton's version of a flow, stated once at the end of the ASL `Comment` ("… Baton flow version 3.").
 * ASL's own top-level `Version` is the language version, not this.
 */
export function flowVersionOf(definition: Pick<AslDefinition, 'Comment'>): number {
  const match = /Baton flow version (\d+)\.?\s*$/.exec(definition.Comment ?? '');
  if (!match) throw new Error('The flow\'s Comment does not end with "Baton flow version <n>."');
  return Number(match[1]);
}

/** The literal parts of a human step's Payload (department, step id, outcomes), with the step's display name. */
export function humanStepDeclaration(state: AslState) {
  const payload = state.Parameters?.Payload ?? {};
  const literal = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.endsWith('.$')));
  const declared = humanStepPayload.pick({ department: true, step: true, stepName: true, outcomes: true }).parse(literal);
  return { ...declared, stepName: stepDisplayName(declared) };
}

/** The SLA of a state in seconds (its TimeoutSeconds), scaled by the configured time factor. */
export function slaSeconds(definition: AslDefinition, stateName: string, timeFactor: number): number {
  const state = allStates(definition).find(([name]) => name === stateName)?.[1];
  if (!state?.TimeoutSeconds) throw new Error(`State "${stateName}" has no TimeoutSeconds: every human step needs an SLA.`);
  return state.TimeoutSeconds * timeFactor;
}
