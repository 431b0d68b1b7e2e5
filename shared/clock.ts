// What time it is, for every rule, handler and the local runtime's timers. On AWS (and by default) it is
// the system clock; the local runtime may install a clock that tests move forward (infra/local/movable-clock.ts).
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` once this clock reaches epoch-ms `at` (at once if it already has); returns a cancel function. */
  timerAt(at: number, fire: () => void): () => void;
}

// setTimeout fires at once beyond 2^31-1 ms; long waits are slept in slices.
const LONGEST_SLICE_MS = 2 ** 30;

/** Arms a real timer for `at` as `clock` counts it; exported for clocks that re-arm their timers when they move. */
export const realTimerAt = (clock: Pick<Clock, 'now'>, at: number, fire: () => void): (() => void) => {
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = at - clock.now();
    handle = remaining > LONGEST_SLICE_MS ? setTimeout(arm, LONGEST_SLICE_MS) : setTimeout(fire, Math.max(0, remaining));
  };
  arm();
  return () => clearTimeout(handle);
};

export const systemClock: Clock = {
  now: () => Date.now(),
  timerAt: (at, fire) => realTimerAt(systemClock, at, fire),
};

let current: Clock = systemClock;

/** The process's clock: the handlers and the local Step Functions endpoint running in this process share it. */
export const clock = (): Clock => current;

/** Installs `next` as the process's clock (the local runtime does, for tests); `systemClock` puts real time back. */
export const useClock = (next: Clock): void => {
  current = next;
};

export const now = (): number => current.now();

export const nowIso = (): string => new Date(current.now()).toISOString();
