// Work over many independent items with a bounded number in flight: the repair reads every running execution's
// history and task items, which one after another made a restart wait for the sum of their round trips.

/**
 * Runs `work` for each item, at most `limit` at a time, and resolves with the results in the items' order. The first
 * failure rejects once the work already started has settled (nothing is left running behind the caller).
 */
export async function atMostAtOnce<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
