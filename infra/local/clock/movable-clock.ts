// A clock that tests move forward instead of sleeping: real time plus an offset that only grows. Moving it
// re-arms every pending timer, so whatever became due (an SLA, a heartbeat window, a Wait, a retry) fires at once.
import { realTimerAt, type Clock } from '#shared/clock.ts';

interface PendingTimer {
  at: number;
  fire: () => void;
  cancel: () => void;
}

export class MovableClock implements Clock {
  private offsetMs = 0;
  private readonly pending = new Set<PendingTimer>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  timerAt(at: number, fire: () => void): () => void {
    const timer: PendingTimer = {
      at,
      fire: () => {
        this.pending.delete(timer);
        fire();
      },
      cancel: () => undefined,
    };
    timer.cancel = realTimerAt(this, at, timer.fire);
    this.pending.add(timer);
    return () => {
      timer.cancel();
      this.pending.delete(timer);
    };
  }

  /** When the pending timers are due, soonest first: lets a test wait until a step has armed its timer before moving the clock. */
  dueTimes(): number[] {
    return [...this.pending].map((timer) => timer.at).sort((a, b) => a - b);
  }

  /** Moves the clock `ms` forward (never back: what happened stays in the past). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`The clock only moves forward; asked to move ${ms} ms.`);
    this.offsetMs += ms;
    for (const timer of this.pending) {
      timer.cancel();
      timer.cancel = realTimerAt(this, timer.at, timer.fire);
    }
  }
}
