// Runs work on a rate schedule counted by a Clock, as EventBridge runs the scheduled Lambdas on AWS. With the
// tests' MovableClock, moving the clock past the rate runs the work at once: nothing waits in real time.
import type { Clock } from '#shared/clock.ts';
import { logger } from '#shared/logger.ts';

export interface ClockSchedule {
  /** Cancels the next run and waits for the one under way, so nothing runs on a runtime that has stopped. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `everyMs` of `clock`'s time, the first time `everyMs` from now, or at once with `runNow` (a run
 * at start-up that nobody waits for but `stop`). A run that falls due while the previous one is still going waits for
 * it and then runs once (however many came due meanwhile), so a test that moves the clock always sees a run that
 * started after the move. A failed run is logged; the schedule goes on.
 */
export function everyOnClock(clock: Clock, everyMs: number, name: string, work: () => Promise<unknown>, { runNow = false } = {}): ClockSchedule {
  let stopped = false;
  let cancel = (): void => undefined;
  let running: Promise<void> | undefined;
  let dueAgain = false;
  const run = (): void => {
    running = work()
      .then(
        () => undefined,
        (error: Error) => logger.error(`scheduled ${name} failed`, { error }),
      )
      .finally(() => {
        running = undefined;
        if (dueAgain && !stopped) {
          dueAgain = false;
          run();
        }
      });
  };
  const arm = (): void => {
    cancel = clock.timerAt(clock.now() + everyMs, () => {
      if (stopped) return;
      arm();
      if (running) dueAgain = true;
      else run();
    });
  };
  arm();
  if (runNow) run();
  return {
    async stop() {
      stopped = true;
      cancel();
      while (running) await running;
    },
  };
}
