// Which item of a flow's UTC day and version keeps each figure (docs/FIGURES.md). Each duration
// histogram has an item of its own, stored whole (every bucket, from its first count), so the item's
// size, a write to it and a period's read cost the same at 1,000 issues as at 1,000,000:
//   `wait|<step>`  the step's wait before its first claim (a claim writes it)
//   `work|<step>`  the step's work time and SLA met / missed (a completion or a breach writes it)
//   `closed`       the day's closures: time to close, time held per department, customer wait,
//                  reroutes, bounces, first-time-right (a closure writes it)
// The rest (opened, still open, reopened, ratings) are a few counters on one of the day's shards. A
// change that writes a histogram item of a day anyway puts its counters of that day there too (a
// closure's `stillOpen` on the day it opened), so no change writes more items than one item per day.
// Pure: shared/data/period-figures.ts turns these into keys and writes, and stored items back into figures.
import type { Deltas } from '#shared/domain/figure-deltas.ts';
import { allBuckets } from '#shared/domain/histogram.ts';
import { departments } from '#shared/domain/staff.ts';

/** The day's counters item (one per shard), or a histogram item: `wait|<step>`, `work|<step>`, `closed`. */
export type DayItem = 'counters' | 'closed' | `wait|${string}` | `work|${string}`;

const bucketNames = allBuckets.map(String);
const closureCounters = ['closed', 'customerWaitSeconds', 'closedReroutes', 'closedBounces', 'firstTimeRight', ...departments.map((department) => `held|${department}`)];
const counters = ['opened', 'stillOpen', 'reopened', 'ratings', 'ratingSum'];

/**
 * The attributes an item holds from its first write on, at 0 until counted (a bucket is its number):
 * the item's size then moves only with the digits of its counts.
 */
export function wholeAttributes(item: DayItem): readonly string[] {
  if (item === 'counters') return counters;
  if (item === 'closed') return [...bucketNames, ...closureCounters, 'stillOpen'];
  if (item.startsWith('work|')) return [...bucketNames, 'slaMet', 'slaMissed'];
  return bucketNames;
}

/** The item a figure (its name in figure-deltas.ts) is kept in, and its name there. */
function placeOf(name: string): { item: DayItem; stored: string } {
  const [kind, second, third] = name.split('|');
  if (kind === 'claimWait' && third !== undefined) return { item: `wait|${second!}`, stored: third };
  if (kind === 'work' && third !== undefined) return { item: `work|${second!}`, stored: third };
  if ((kind === 'slaMet' || kind === 'slaMissed') && second !== undefined) return { item: `work|${second}`, stored: kind };
  if (kind === 'e2e' && second !== undefined) return { item: 'closed', stored: second };
  if (kind === 'held' || closureCounters.includes(name)) return { item: 'closed', stored: name };
  return { item: 'counters', stored: name };
}

/** One day and version's deltas of a change, split into the items that keep them (attributes by their stored names). */
export function dayItemDeltas(deltas: Deltas): Array<{ item: DayItem; attributes: Deltas }> {
  const out = new Map<DayItem, Deltas>();
  const dayCounters: Deltas = {};
  for (const [name, delta] of Object.entries(deltas)) {
    const { item, stored } = placeOf(name);
    if (item === 'counters') dayCounters[stored] = delta;
    else out.set(item, { ...out.get(item), [stored]: delta });
  }
  if (Object.keys(dayCounters).length > 0) {
    // The counters ride in a histogram item this change writes anyway (the closures', if any): one item fewer.
    const carrier = out.has('closed') ? 'closed' : ([...out.keys()][0] ?? 'counters');
    out.set(carrier, { ...out.get(carrier), ...dayCounters });
  }
  return [...out.entries()].map(([item, attributes]) => ({ item, attributes }));
}

/**
 * A stored item's attributes under their figure names (figure-deltas.ts), as the period's figures
 * read them. Shard items written before the histograms had items of their own keep every figure
 * under its own name, so they read as they are (no migration).
 */
export function figuresOfDayItem(item: DayItem, attributes: Deltas): Deltas {
  if (item === 'counters') return attributes;
  const [kind, step] = item.split('|') as [string, string?];
  const figures: Deltas = {};
  for (const [name, value] of Object.entries(attributes)) {
    const bucket = /^\d+$/.test(name);
    if (kind === 'wait' && bucket) figures[`claimWait|${step!}|${name}`] = value;
    else if (kind === 'work' && bucket) figures[`work|${step!}|${name}`] = value;
    else if (kind === 'work' && (name === 'slaMet' || name === 'slaMissed')) figures[`${name}|${step!}`] = value;
    else if (kind === 'closed' && bucket) figures[`e2e|${name}`] = value;
    else figures[name] = value;
  }
  return figures;
}
