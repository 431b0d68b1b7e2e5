import { describe, expect, it } from 'vitest';
import { MovableClock } from '#infra/local/clock/movable-clock.ts';

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
