import { afterEach, describe, expect, it } from 'vitest';
import { rateCounterEntity, ringSlots } from '#shared/data/entities/rate-counter.ts';
import { bucketsPerWindow, countInWindow, rateRules, ruleFrom, secondsUntilWithin, windowPosition } from '#shared/http/rate-limit.ts';

const minute = { name: 'test', limit: 3, windowSeconds: 60 };

describe('rate-limit rules', () => {
  afterEach(() => {
    delete process.env.BATON_RATE_LIMIT_INTAKE;
  });

  it('default to the documented limits: intake 300/60 s, tracking 60/60 s, failed look-ups 10/15 min', () => {
    expect(rateRules.intake()).toEqual({ name: 'intake', limit: 300, windowSeconds: 60 });
    expect(rateRules.tracking()).toEqual({ name: 'tracking', limit: 60, windowSeconds: 60 });
    expect(rateRules.trackingFailures()).toEqual({ name: 'tracking-failures', limit: 10, windowSeconds: 900 });
  });

  it('are configured as <limit>/<windowSeconds>, and a malformed setting fails loudly', () => {
    process.env.BATON_RATE_LIMIT_INTAKE = '20/10';
    expect(rateRules.intake()).toEqual({ name: 'intake', limit: 20, windowSeconds: 10 });
    expect(() => ruleFrom('x', 'BATON_RATE_LIMIT_INTAKE', { limit: 1, windowSeconds: 1 })).not.toThrow();
    process.env.BATON_RATE_LIMIT_INTAKE = 'lots';
    expect(() => rateRules.intake()).toThrow(/300\/60/);
  });
});

describe('the sliding window', () => {
  it('cuts a window into 60 buckets; the counter item lives until its last bucket has left every window', () => {
    const position = windowPosition(minute, 125_500);
    expect(position).toMatchObject({ bucket: 125, bucketMs: 1_000 });
    expect(position.expiresAt).toBeGreaterThan(125 + 61);
  });

  it('keeps every bucket a window reaches in its own slot of one item; a bucket a ring later takes the slot over', () => {
    // Prepare: the buckets one count reaches back over (the window and one bucket more)
    const reached = Array.from({ length: bucketsPerWindow + 1 }, (_, i) => 1_000 + i);
    // Act
    const slots = new Set(reached.map(rateCounterEntity.slotOf));
    const ring = Object.fromEntries(reached.flatMap((bucket) => [[rateCounterEntity.bucketAttribute(bucket), bucket], [rateCounterEntity.countAttribute(bucket), 1]]));
    const later = 1_000 + ringSlots;
    const takenOver = { ...ring, [rateCounterEntity.bucketAttribute(later)]: later, [rateCounterEntity.countAttribute(later)]: 2 };
    // Assess
    expect(slots.size).toBe(reached.length);
    expect(countInWindow(rateCounterEntity.parse(ring), 1_060)).toBe(61);
    expect(rateCounterEntity.parse(takenOver).has(1_000)).toBe(false);
    expect(countInWindow(rateCounterEntity.parse(takenOver), later)).toBe(60 + 2);
  });

  it('counts the last window and one bucket more, never less', () => {
    const counts = new Map([[64, 1], [65, 2], [100, 1], [125, 1]]);
    expect(countInWindow(counts, 124)).toBe(4); // buckets 64…124: 60 back is still counted
    expect(countInWindow(counts, 125)).toBe(4); // 65…125
    expect(countInWindow(counts, 126)).toBe(2); // 66…126
  });

  it('says how long until enough of the oldest buckets have left the window', () => {
    const counts = new Map([[70, 2], [100, 1]]);
    const position = windowPosition(minute, 120_000);
    expect(secondsUntilWithin(counts, position, 120_000, 2)).toBe(11);
    expect(secondsUntilWithin(counts, position, 120_000, 0)).toBe(41);
  });
});
