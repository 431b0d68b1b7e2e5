// Sleeping until an absolute time (recorded in the journal, so a restart waits only the remainder), abortable.
import { ExecutionInterrupted } from './interpreter.ts';

// setTimeout fires at once beyond 2^31-1 ms; long waits are slept in slices.
const LONGEST_SLICE_MS = 2 ** 30;

/** Calls `fire` at epoch-ms `at` (at once if already past); returns a cancel function. */
export const timerAt = (at: number, fire: () => void): (() => void) => {
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = at - Date.now();
    handle = remaining > LONGEST_SLICE_MS ? setTimeout(arm, LONGEST_SLICE_MS) : setTimeout(fire, Math.max(0, remaining));
  };
  arm();
  return () => clearTimeout(handle);
};

export const sleepUntil = (at: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ExecutionInterrupted());
    const onAbort = (): void => {
      cancel();
      reject(new ExecutionInterrupted());
    };
    const cancel = timerAt(at, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Settles with `promise`, or rejects with ExecutionInterrupted as soon as the signal aborts. */
export const unlessInterrupted = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ExecutionInterrupted());
    const onAbort = (): void => reject(new ExecutionInterrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });

/** Lets queued promise callbacks (the history consumer among them) run before the caller continues. */
export const afterPendingCallbacks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
