// Turns a checked definition into the one aws-local-stepfunctions runs: the endpoint, not the package, owns
// Task retries and timeouts, Wait timing and the `$$` context fields the package cannot resolve by itself; and where
// the package reads a field differently from AWS, the rewrite says the same thing in a form it reads right.
import { isAslObject, listStates, nestedMachines, type AslMachine, type AslObject, type VisitedState } from './asl-walk.ts';
import type { StateMachineDefinition } from './interpreter.ts';

/** Stand-ins the interpreter writes into a Task's Parameters; the task step replaces them with the real values. */
export const TASK_CONTEXT_PLACEHOLDERS = {
  token: '@@baton:task-token@@',
  enteredTime: '@@baton:state-entered-time@@',
  retryCount: '@@baton:state-retry-count@@',
} as const;

export const WAIT_STEP_RESOURCE = 'baton:wait';

/** A Fail state whose ErrorPath/CausePath is an intrinsic function runs as a Task with this resource (fail-step.ts). */
export const FAIL_STEP_RESOURCE = 'baton:fail';

// The package arms its own Task timer (60 s when TimeoutSeconds is absent); keep it beyond reach. setTimeout caps at 2^31-1 ms.
const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_147_483;

export interface PreparedDefinition {
  interpreterDefinition: StateMachineDefinition;
  /** Every state of the original definition by name (names are unique across the machine). */
  states: Map<string, VisitedState>;
  /** `$$.State.Name` is rewritten to `$$.BatonStateNames.<id>`; this is that lookup. */
  stateNamesById: Record<string, string>;
  executionTimeoutSeconds?: number;
}

const isPathField = (key: string): boolean => key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';

const rewriteContextReferences = (text: string, stateId: string, isTask: boolean): string =>
  text
    .replace(/\$\$\.Execution(?=[.[]|$)/g, () => '$$.BatonExecution')
    .replace(/\$\$\.State\.Name\b/g, () => `$$.BatonStateNames.${stateId}`)
    .replace(/\$\$\.State\.EnteredTime\b/g, () => (isTask ? '$$.BatonTask.EnteredTime' : '$$.BatonClock.Now'))
    .replace(/\$\$\.State\.RetryCount\b/g, () => (isTask ? '$$.BatonTask.RetryCount' : '$$.BatonTask.NoRetry'));

const rewritePaths = (value: unknown, stateId: string, isTask: boolean, key = ''): unknown => {
  if (typeof value === 'string') return isPathField(key) ? rewriteContextReferences(value, stateId, isTask) : value;
  if (Array.isArray(value)) return value.map((item) => rewritePaths(item, stateId, isTask));
  if (!isAslObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([field, nested]) => [field, rewritePaths(nested, stateId, isTask, field)]));
};

const NESTED_MACHINE_FIELDS = new Set(['Branches', 'ItemProcessor', 'Iterator']);

const isIntrinsicFunction = (path: unknown): boolean => typeof path === 'string' && path.startsWith('States.');

/**
 * The package resolves a Fail state's ErrorPath/CausePath only as a JSONPath, where AWS also accepts an intrinsic
 * function (States.Format, ...). Its Parameters accept both, so such a Fail state becomes a Task that evaluates
 * the two fields as Parameters and whose step fails with them.
 */
const failThroughStep = (state: AslObject): AslObject | undefined => {
  if (!isIntrinsicFunction(state.ErrorPath) && !isIntrinsicFunction(state.CausePath)) return undefined;
  const field = (name: 'Error' | 'Cause'): AslObject => {
    const path = state[`${name}Path`];
    if (path !== undefined) return { [`${name}.$`]: path };
    return state[name] !== undefined ? { [name]: state[name] } : {};
  };
  return {
    Type: 'Task',
    Resource: FAIL_STEP_RESOURCE,
    Parameters: { ...field('Error'), ...field('Cause') },
    TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS,
    End: true,
    ...(state.Comment !== undefined ? { Comment: state.Comment } : {}),
  };
};

const TYPE_TESTS = ['IsPresent', 'IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/**
 * The package reads `"IsPresent": false` (and every other type test set to false) as "never matches"; AWS reads it as
 * "matches when the test fails". `{ "Not": { ...test: true } }` means the same to both.
 */
const negateFalseTypeTests = (rule: unknown): unknown => {
  if (!isAslObject(rule)) return rule;
  const falseTest = TYPE_TESTS.find((test) => rule[test] === false);
  if (falseTest) {
    const { Next, ...test } = rule;
    return { Not: { ...test, [falseTest]: true }, ...(Next !== undefined ? { Next } : {}) };
  }
  if (Array.isArray(rule.And)) return { ...rule, And: rule.And.map(negateFalseTypeTests) };
  if (Array.isArray(rule.Or)) return { ...rule, Or: rule.Or.map(negateFalseTypeTests) };
  if (isAslObject(rule.Not)) return { ...rule, Not: negateFalseTypeTests(rule.Not) };
  return rule;
};

export const prepareDefinition = (machine: AslMachine): PreparedDefinition => {
  const stateNamesById: Record<string, string> = {};
  const idsByName = new Map<string, string>();
  for (const { name } of listStates(machine)) {
    const id = `s${idsByName.size}`;
    idsByName.set(name, id);
    stateNamesById[id] = name;
  }

  const rewriteState = (name: string, state: AslObject): AslObject => {
    const isTask = state.Type === 'Task' || state.Type === 'Wait';
    const own = Object.fromEntries(Object.entries(state).filter(([field]) => !NESTED_MACHINE_FIELDS.has(field)));
    const rewritten = rewritePaths(own, idsByName.get(name) ?? '', isTask) as AslObject;
    if (state.Type === 'Task') {
      const { Retry: _retry, TimeoutSeconds: _timeout, HeartbeatSeconds: _heartbeat, ...rest } = rewritten;
      return { ...rest, TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS };
    }
    if (state.Type === 'Wait') {
      const kept = Object.fromEntries(
        Object.entries(rewritten).filter(([field]) => ['InputPath', 'OutputPath', 'Next', 'End', 'Comment'].includes(field)),
      );
      return { ...kept, Type: 'Task', Resource: WAIT_STEP_RESOURCE, TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS };
    }
    if (state.Type === 'Fail') return failThroughStep(rewritten) ?? rewritten;
    if (state.Type === 'Choice' && Array.isArray(rewritten.Choices)) {
      return { ...rewritten, Choices: rewritten.Choices.map(negateFalseTypeTests) };
    }
    if (state.Type === 'Parallel') return { ...rewritten, Branches: nestedMachines(state).map(rewriteMachine) };
    if (state.Type === 'Map') {
      const field = 'ItemProcessor' in state ? 'ItemProcessor' : 'Iterator';
      const [processor] = nestedMachines(state);
      return processor ? { ...rewritten, [field]: rewriteMachine(processor) } : rewritten;
    }
    return rewritten;
  };

  const rewriteMachine = (nested: AslMachine): AslMachine => ({
    ...nested,
    States: Object.fromEntries(Object.entries(nested.States).map(([name, state]) => [name, rewriteState(name, state)])),
  });

  const { TimeoutSeconds: executionTimeoutSeconds, ...topLevel } = rewriteMachine(machine);
  return {
    interpreterDefinition: topLevel as unknown as StateMachineDefinition,
    states: new Map(listStates(machine).map((visited) => [visited.name, visited])),
    stateNamesById,
    ...(typeof executionTimeoutSeconds === 'number' ? { executionTimeoutSeconds } : {}),
  };
};

/** Replaces the placeholders in a Task's effective input with this attempt's real context values. */
export const fillTaskContext = (value: unknown, fills: { token?: string; enteredTime: string; retryCount: number }): unknown => {
  const replacements: Array<[string, string | number | undefined]> = [
    [TASK_CONTEXT_PLACEHOLDERS.token, fills.token],
    [TASK_CONTEXT_PLACEHOLDERS.enteredTime, fills.enteredTime],
    [TASK_CONTEXT_PLACEHOLDERS.retryCount, fills.retryCount],
  ];
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      let text = node;
      for (const [placeholder, real] of replacements) {
        if (real === undefined) continue;
        if (text === placeholder) return real;
        text = text.split(placeholder).join(String(real));
      }
      return text;
    }
    if (Array.isArray(node)) return node.map(fill);
    if (isAslObject(node)) return Object.fromEntries(Object.entries(node).map(([key, nested]) => [key, fill(nested)]));
    return node;
  };
  return fill(value);
};

/**
 * Executions of one definition share its preparation: it costs milliseconds of CPU per call (tens before the JIT has
 * warmed up), paid on every StartExecution and for every running execution a restart resumes. Keyed by the
 * definition's text; a process knows a handful (the flows' versions). Treat the result as read-only.
 */
const preparedByText = new Map<string, PreparedDefinition>();

export const preparedDefinitionOf = (definition: string): PreparedDefinition => {
  let prepared = preparedByText.get(definition);
  if (!prepared) {
    prepared = prepareDefinition(JSON.parse(definition) as AslMachine);
    preparedByText.set(definition, prepared);
  }
  return prepared;
};
