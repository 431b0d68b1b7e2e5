// atMostAtOnce (shared/flows/at-most-at-once.ts): the start-up repair's bounded fan-out over running executions.
import { describe, expect, it } from 'vitest';
import { atMostAtOnce } from '#shared/flows/at-most-at-once.ts';

/** Work that settles when the test says so, recording how many items were in flight at most. */
function controlledWork() {
  let inFlight = 0;
  let most = 0;
  const pending: Array<() => void> = [];
  const work = async (item: number) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => pending.push(resolve));
    inFlight--;
    if (item < 0) throw new Error(`item ${item} failed`);
    return item * 10;
  };
  /** Lets every item now waiting settle, until none is left. */
  const drain = async () => {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (pending.length === 0) return;
      pending.splice(0).forEach((resolve) => resolve());
    }
  };
  return { work, drain, most: () => most, inFlight: () => inFlight };
}

describe('atMostAtOnce', () => {
  it('runs every item, never more than the limit at once, and answers in the items’ order', async () => {
    const { work, drain, most } = controlledWork();
    const done = atMostAtOnce([1, 2, 3, 4, 5, 6, 7], 3, work);
    await drain();
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most()).toBe(3);
  });

  it('starts no more work after a failure and rejects once the work under way has settled', async () => {
    const { work, drain, inFlight } = controlledWork();
    const started: number[] = [];
    const done = atMostAtOnce([1, -2, 3, 4, 5, 6], 2, (item) => {
      started.push(item);
      return work(item);
    });
    const outcome = done.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await drain();
    expect(await outcome).toBe('item -2 failed');
    expect(inFlight()).toBe(0);
    expect(started.length).toBeLessThan(6);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await atMostAtOnce([], 4, async () => 1)).toEqual([]);
  });
});
