import { describe, expect, it } from 'vitest';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';
import { everyOnClock } from '#infra/local/schedule/every-on-clock.ts';

const hour = 3_600_000;

/** Resolves with `label` when the clock fires a timer at `at`. */
const firing = (clock: MovableClock, at: number, label: string) => new Promise<string>((resolve) => clock.timerAt(at, () => resolve(label)));

describe('a clock that tests move', () => {
  it('fires a timer as soon as the clock is moved past it, and not one still ahead', async () => {
    // Prepare
    const clock = new MovableClock();
    const start = clock.now();
    const fired: string[] = [];
    const due = firing(clock, start + 8 * hour, 'sla').then((label) => fired.push(label));
    void firing(clock, start + 24 * hour, 'reminder').then((label) => fired.push(label));

    // Act
    clock.advance(8 * hour + 1);
    await due;

    // Assess
    expect(fired).toEqual(['sla']);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 8 * hour + 1);
    expect(clock.dueTimes()).toEqual([start + 24 * hour]);
  });

  it('forgets a cancelled timer', () => {
    const clock = new MovableClock();
    const cancel = clock.timerAt(clock.now() + hour, () => expect.unreachable('a cancelled timer fired'));
    cancel();
    expect(clock.dueTimes()).toEqual([]);
  });

  it('only moves forward', () => {
    expect(() => new MovableClock().advance(-1)).toThrow(RangeError);
  });
});

describe('a schedule on a clock that tests move (the scheduled Lambdas, locally)', () => {
  const rate = 5 * 60_000;

  it('runs its work when the clock moves past the rate, once however far it moves, and again at the next rate', async () => {
    // Prepare
    const clock = new MovableClock();
    let runs = 0;
    const schedule = everyOnClock(clock, rate, 'count', async () => void (runs += 1));

    // Act / Assess: before the rate nothing runs; hours on, one run, and the next is one rate from there.
    clock.advance(rate - 1_000);
    expect(clock.dueTimes()).toHaveLength(1);
    expect(runs).toBe(0);
    clock.advance(3 * hour);
    await expect.poll(() => runs).toBe(1);
    expect(clock.dueTimes()).toEqual([expect.any(Number)]);
    expect(clock.dueTimes()[0]! - clock.now()).toBeGreaterThan(rate - 1_000);
    clock.advance(rate);
    await expect.poll(() => runs).toBe(2);
    await schedule.stop();
    expect(clock.dueTimes()).toEqual([]);
  });

  it('a run that falls due while one is going runs once that one ends; stop waits for the run under way', async () => {
    // Prepare: the first run waits until the test lets it end.
    const clock = new MovableClock();
    const started: number[] = [];
    let release: () => void = () => undefined;
    const schedule = everyOnClock(clock, rate, 'slow', () => {
      started.push(clock.now());
      return started.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    });
    clock.advance(rate);
    await expect.poll(() => started.length).toBe(1);

    // Act: two more rates pass while the first run goes on, then it ends.
    clock.advance(rate);
    clock.advance(rate);
    await Promise.resolve();
    expect(started).toHaveLength(1);
    release();

    // Assess: one more run, not two; after stop nothing runs, however far the clock moves.
    await expect.poll(() => started.length).toBe(2);
    await schedule.stop();
    clock.advance(hour);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
  });

  it('with runNow, runs once at once (the start-up outbox sweep) in the background, and stop waits for that run', async () => {
    // Prepare: the run at once waits until the test lets it end.
    const clock = new MovableClock();
    let release: () => void = () => undefined;
    let runs = 0;
    let ended = false;
    const schedule = everyOnClock(
      clock,
      rate,
      'at start',
      async () => {
        runs += 1;
        await new Promise<void>((resolve) => (release = resolve));
        ended = true;
      },
      { runNow: true },
    );

    // Act / Assess: it runs without the clock moving, and the next run is one rate from now.
    expect(runs).toBe(1);
    expect(clock.dueTimes()[0]! - clock.now()).toBeGreaterThan(rate - 1_000);
    const stopping = schedule.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);
    release();
    await stopping;
    expect(ended).toBe(true);
    expect(runs).toBe(1);
  });

  it('a run that fails is logged and the schedule goes on', async () => {
    const clock = new MovableClock();
    let runs = 0;
    const schedule = everyOnClock(clock, rate, 'failing', async () => {
      runs += 1;
      throw new Error('DynamoDB said no');
    });
    clock.advance(rate);
    await expect.poll(() => runs).toBe(1);
    clock.advance(rate);
    await expect.poll(() => runs).toBe(2);
    await schedule.stop();
  });
});
