// Refuses, at registration, definitions the local endpoint could not run the way AWS would.
import { listStates, isAslObject, type AslMachine, type AslObject } from './asl-walk.ts';
import { validateWithInterpreter, type StateMachineDefinition } from './interpreter.ts';
import { invalidDefinition } from './service-errors.ts';
import { classifyTaskResource } from './task-resources.ts';

const containsJsonata = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.some(containsJsonata);
  if (!isAslObject(value)) return false;
  return Object.entries(value).some(([key, nested]) => (key === 'QueryLanguage' && nested === 'JSONata') || containsJsonata(nested));
};

const usesVariables = (state: AslObject): boolean =>
  'Assign' in state ||
  [state.Catch, state.Choices].some((rules) => Array.isArray(rules) && rules.some((rule) => isAslObject(rule) && 'Assign' in rule));

const mentionsTaskToken = (value: unknown): boolean => {
  if (typeof value === 'string') return value.includes('$$.Task.Token');
  if (Array.isArray(value)) return value.some(mentionsTaskToken);
  return isAslObject(value) && Object.values(value).some(mentionsTaskToken);
};

const refusalFor = (name: string, state: AslObject): string | undefined => {
  if (usesVariables(state)) return `state '${name}' uses Assign (variables), which the local endpoint does not support`;
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor;
    const mode = isAslObject(processor) && isAslObject(processor.ProcessorConfig) ? processor.ProcessorConfig.Mode : undefined;
    if (mode === 'DISTRIBUTED' || 'ItemReader' in state || 'ResultWriter' in state || 'ItemBatcher' in state) {
      return `state '${name}' is a distributed Map, which the local endpoint does not support`;
    }
  }
  if (state.Type !== 'Task') return undefined;
  const resource = classifyTaskResource(state.Resource);
  if (!resource) {
    return `state '${name}' uses resource '${String(state.Resource)}'; the local endpoint runs only lambda:invoke, lambda:invoke.waitForTaskToken and Lambda function ARNs`;
  }
  if ('TimeoutSecondsPath' in state || 'HeartbeatSecondsPath' in state) {
    return `state '${name}' uses TimeoutSecondsPath/HeartbeatSecondsPath, which the local endpoint does not support`;
  }
  if (resource.kind === 'lambda-callback' && !mentionsTaskToken(state.Parameters)) {
    return `state '${name}' waits for a task token but its Parameters never pass $$.Task.Token`;
  }
  return undefined;
};

/** Parses and checks a definition; throws InvalidDefinition with the reason when the endpoint cannot run it faithfully. */
export const parseRunnableDefinition = (definitionText: string): AslMachine => {
  let definition: unknown;
  try {
    definition = JSON.parse(definitionText);
  } catch (error) {
    throw invalidDefinition(`Invalid State Machine Definition: the definition is not valid JSON (${(error as Error).message})`);
  }
  if (!isAslObject(definition) || !isAslObject(definition.States) || typeof definition.StartAt !== 'string') {
    throw invalidDefinition('Invalid State Machine Definition: StartAt and States are required');
  }
  const machine = definition as AslMachine;
  if (containsJsonata(machine)) {
    throw invalidDefinition('Invalid State Machine Definition: QueryLanguage "JSONata" is not supported by the local endpoint');
  }
  const states = listStates(machine);
  const seen = new Set<string>();
  for (const { name, state } of states) {
    if (seen.has(name)) throw invalidDefinition(`Invalid State Machine Definition: state name '${name}' is used more than once`);
    seen.add(name);
    const refusal = refusalFor(name, state);
    if (refusal) throw invalidDefinition(`Invalid State Machine Definition: ${refusal}`);
  }
  try {
    validateWithInterpreter(machine as unknown as StateMachineDefinition);
  } catch (error) {
    throw invalidDefinition(`Invalid State Machine Definition: ${(error as Error).message}`);
  }
  return machine;
};
