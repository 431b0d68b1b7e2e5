// The thin seam to aws-local-stepfunctions: its StateMachine, its error classes, and the errors our steps throw into it.
import './promise-with-resolvers.ts';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { validateOnce } from './accepted-definitions.ts';

export { ExecutionError, StateMachine, type StateMachineDefinition };

/**
 * The package matches `States.TaskFailed` against every error except instances of its own (unexported)
 * StatesTimeoutError, so our timeouts must be instances of that class: borrow it from a task that times out.
 */
const discoverStatesTimeoutErrorClass = async (): Promise<new () => Error> => {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(null, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } });
  try {
    await run.result;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
  }
  throw new Error('aws-local-stepfunctions no longer raises States.Timeout the way the endpoint expects');
};

const StatesTimeoutError = await discoverStatesTimeoutErrorClass();

export const statesTimeout = (cause: string): Error => {
  const error = new StatesTimeoutError();
  error.message = cause;
  return error;
};

export const isStatesTimeout = (error: unknown): boolean => error instanceof StatesTimeoutError;

/** A task failure as the interpreter sees it: `name` is what Retry/Catch match, `message` becomes `Cause`. */
export class StepFailure extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(errorName: string, cause: string, options: { terminal?: boolean } = {}) {
    super(cause);
    this.name = errorName;
    this.isRetryable = !options.terminal;
    this.isCatchable = !options.terminal;
  }
}

export const dataLimitExceeded = (what: string): StepFailure =>
  new StepFailure('States.DataLimitExceeded', `The ${what} has exceeded the maximum number of bytes that can be processed.`, {
    terminal: true,
  });

/** Thrown into the interpreter when the endpoint stops or closes: nothing may catch it or retry it. */
export class ExecutionInterrupted extends StepFailure {
  constructor() {
    super('Baton.ExecutionInterrupted', 'The execution was interrupted.', { terminal: true });
  }
}

/** Evaluates one JSONPath (e.g. a Wait's SecondsPath) with the package's own JSONPath rules. */
export const evaluatePath = async (path: string, input: unknown): Promise<unknown> => {
  const machine = new StateMachine(
    { StartAt: 'Evaluate', States: { Evaluate: { Type: 'Pass', Parameters: { 'value.$': path }, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const output = (await machine.run(input as never).result) as { value: unknown };
  return output.value;
};

/** Throws the package validator's message when it rejects the definition (one it accepted before is not checked again). */
export const validateWithInterpreter = (definition: StateMachineDefinition): void => {
  validateOnce(definition, () => new StateMachine(definition));
};
