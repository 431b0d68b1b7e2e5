// Builds execution history events shaped like the service's (`<type>EventDetails` objects), and translates the interpreter's own events.
import type { AslObject } from './asl-walk.ts';
import { evaluatePath } from './interpreter.ts';
import { now } from '#shared/clock.ts';
import type { HistoryEventBody, StoredExecution } from './journal.ts';
import type { TaskResource } from './task-resources.ts';

const json = (value: unknown): string => JSON.stringify(value ?? null);

const event = (type: string, details: Record<string, unknown> = {}): HistoryEventBody => ({ timestamp: now(), type, ...details });

export const executionEvents = {
  started: (execution: StoredExecution): HistoryEventBody => ({
    ...event('ExecutionStarted', {
      executionStartedEventDetails: {
        input: execution.input,
        inputDetails: { truncated: false },
        roleArn: execution.roleArn,
        stateMachineArn: execution.stateMachineArn,
      },
    }),
    timestamp: execution.startDate,
  }),
  succeeded: (output: string): HistoryEventBody =>
    event('ExecutionSucceeded', { executionSucceededEventDetails: { output, outputDetails: { truncated: false } } }),
  failed: (error: string, cause: string): HistoryEventBody => event('ExecutionFailed', { executionFailedEventDetails: { error, cause } }),
  aborted: (error?: string, cause?: string): HistoryEventBody =>
    event('ExecutionAborted', { executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) } }),
  timedOut: (): HistoryEventBody =>
    event('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'The execution timed out.' } }),
};

/** The Task* events of an optimized integration, or the LambdaFunction* events of a plain function ARN. */
export const taskEvents = (resource: TaskResource, region: string) => {
  if (resource.kind === 'lambda-function') {
    return {
      scheduled: (input: unknown, timeoutInSeconds?: number) =>
        event('LambdaFunctionScheduled', {
          lambdaFunctionScheduledEventDetails: {
            resource: resource.functionArn,
            input: json(input),
            inputDetails: { truncated: false },
            ...(timeoutInSeconds ? { timeoutInSeconds } : {}),
          },
        }),
      started: () => event('LambdaFunctionStarted'),
      submitted: undefined,
      succeeded: (output: unknown) =>
        event('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: json(output), outputDetails: { truncated: false } } }),
      failed: (error: string, cause: string) => event('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }),
      timedOut: (error: string, cause: string) => event('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } }),
    };
  }
  const names = { resourceType: resource.resourceType, resource: resource.resource };
  return {
    scheduled: (parameters: unknown, timeoutInSeconds?: number, heartbeatInSeconds?: number) =>
      event('TaskScheduled', {
        taskScheduledEventDetails: {
          ...names,
          region,
          parameters: json(parameters),
          ...(timeoutInSeconds ? { timeoutInSeconds } : {}),
          ...(heartbeatInSeconds ? { heartbeatInSeconds } : {}),
        },
      }),
    started: () => event('TaskStarted', { taskStartedEventDetails: names }),
    submitted: (output: unknown) =>
      event('TaskSubmitted', { taskSubmittedEventDetails: { ...names, output: json(output), outputDetails: { truncated: false } } }),
    succeeded: (output: unknown) =>
      event('TaskSucceeded', { taskSucceededEventDetails: { ...names, output: json(output), outputDetails: { truncated: false } } }),
    failed: (error: string, cause: string) => event('TaskFailed', { taskFailedEventDetails: { ...names, error, cause } }),
    timedOut: (error: string, cause: string) => event('TaskTimedOut', { taskTimedOutEventDetails: { ...names, error, cause } }),
  };
};

/** The subset of aws-local-stepfunctions' event log the history is built from. */
export interface InterpreterEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  Error?: string;
  Cause?: unknown;
}

/** How many items a Map state iterates over: its ItemsPath applied after its InputPath, as the service counts them. */
const mapItemCount = async (map: AslObject, rawInput: unknown): Promise<number | undefined> => {
  try {
    const input = map.InputPath === null ? {} : await evaluatePath(typeof map.InputPath === 'string' ? map.InputPath : '$', rawInput);
    const items = await evaluatePath(typeof map.ItemsPath === 'string' ? map.ItemsPath : '$', input);
    return Array.isArray(items) ? items.length : undefined;
  } catch {
    // A path the interpreter cannot resolve fails the Map state itself; the event just goes without a length.
    return undefined;
  }
};

/**
 * Turns interpreter events into state events (`ChoiceStateEntered`, `ParallelStateStarted`, ...). Each gets a key
 * counted per state and kind, identical when a resumed execution replays, so the journal keeps one copy.
 */
export class InterpreterEventTranslator {
  private readonly counters = new Map<string, number>();

  constructor(private readonly originalStateOf: (stateName: string) => AslObject | undefined) {}

  async translate(interpreterEvent: InterpreterEvent): Promise<Array<[key: string, event: HistoryEventBody]>> {
    const { state, parentState, index } = interpreterEvent;
    const at = (type: string, details: Record<string, unknown> = {}): HistoryEventBody => ({
      timestamp: interpreterEvent.timestamp,
      type,
      ...details,
    });
    if (interpreterEvent.type.startsWith('MapIteration') && parentState && index !== undefined) {
      const kind = interpreterEvent.type.slice('MapIteration'.length);
      const detailsField = `mapIteration${kind}EventDetails`;
      return [[this.keyFor(`${parentState.name}[${index}]`, `iteration${kind}`), at(interpreterEvent.type, { [detailsField]: { name: parentState.name, index } })]];
    }
    if (!state) return [];
    const original = this.originalStateOf(state.name);
    const type = (original?.Type as string | undefined) ?? state.type;
    const scope = index === undefined ? state.name : `${state.name}[${index}]`;
    switch (interpreterEvent.type) {
      case 'StateEntered': {
        const entered = at(`${type}StateEntered`, {
          stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } },
        });
        const events: Array<[string, HistoryEventBody]> = [[this.keyFor(scope, 'entered'), entered]];
        if (type === 'Parallel') events.push([this.keyFor(scope, 'started'), at('ParallelStateStarted')]);
        if (type === 'Map') {
          const length = original ? await mapItemCount(original, state.input) : undefined;
          const details = length === undefined ? {} : { mapStateStartedEventDetails: { length } };
          events.push([this.keyFor(scope, 'started'), at('MapStateStarted', details)]);
        }
        return events;
      }
      case 'StateExited': {
        const exited = at(`${type}StateExited`, {
          stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: { truncated: false } },
        });
        const events: Array<[string, HistoryEventBody]> = [];
        if (type === 'Parallel' || type === 'Map') events.push([this.keyFor(scope, 'succeeded'), at(`${type}StateSucceeded`)]);
        events.push([this.keyFor(scope, 'exited'), exited]);
        return events;
      }
      case 'StateFailed':
        return type === 'Parallel' || type === 'Map' ? [[this.keyFor(scope, 'failed'), at(`${type}StateFailed`)]] : [];
      default:
        return [];
    }
  }

  private keyFor(scope: string, kind: string): string {
    const counterKey = `${scope}:${kind}`;
    const count = this.counters.get(counterKey) ?? 0;
    this.counters.set(counterKey, count + 1);
    return `${counterKey}#${count}`;
  }
}
