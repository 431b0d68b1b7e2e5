// Sleeping until an absolute time (recorded in the journal, so a restart waits only the remainder), abortable.
import { clock } from '#shared/clock.ts';
import { ExecutionInterrupted } from './interpreter.ts';

/** Calls `fire` when the process's clock reaches epoch-ms `at` (at once if already past); returns a cancel function. */
export const timerAt = (at: number, fire: () => void): (() => void) => clock().timerAt(at, fire);

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
