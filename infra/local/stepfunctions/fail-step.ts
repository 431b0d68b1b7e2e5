// Runs the stand-in for a Fail state whose ErrorPath or CausePath is an intrinsic function (see definition-rewrite.ts).
import { StepFailure } from './interpreter.ts';

// The package's own FailStateError defaults, so a Fail state reads the same whichever way it runs.
const DEFAULT_ERROR = 'FailStateError';
const DEFAULT_CAUSE = 'Execution failed because of a Fail state';

const FIELD_OF = { Error: 'ErrorPath', Cause: 'CausePath' } as const;

const stringField = (input: Record<string, unknown>, field: 'Error' | 'Cause', fallback: string): string => {
  const value = input[field];
  if (value === undefined) return fallback;
  if (typeof value === 'string') return value;
  // AWS: the path "must select a field that contains a string value"; anything else is a runtime error nothing catches.
  throw new StepFailure('States.Runtime', `The ${FIELD_OF[field]} of the Fail state evaluated to ${JSON.stringify(value)}, but expected a string`, {
    terminal: true,
  });
};

/**
 * The interpreter has already evaluated the Fail state's fields into `{ Error, Cause }` (its Parameters accept
 * intrinsic functions, its ErrorPath/CausePath do not); failing here fails the execution, or the enclosing
 * Parallel/Map, exactly as the Fail state would.
 */
export const runFailStep = (input: unknown): Promise<never> => {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return Promise.reject(new StepFailure(stringField(fields, 'Error', DEFAULT_ERROR), stringField(fields, 'Cause', DEFAULT_CAUSE)));
};
