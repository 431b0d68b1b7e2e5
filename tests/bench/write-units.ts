// What an item write costs by AWS's published billing rules, from the item as it was before and after
// the write: the call meter tells the benchmark of every item a write names (shared/aws-call-meter.ts
// `observeWrites`), the benchmark reads it before and after through its own client and bills it here,
// by item type and by index. DynamoDB Local's own report (ReturnConsumedCapacity) is per call and does
// not follow those rules for transactions; the benchmark prints it beside these figures.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: about one byte per two significant digits, plus one. */
const numberSize = (text: string) => Math.ceil(text.replace(/^-|\.|e.*$/gi, '').replace(/^0+|0+$/g, '').length / 2) + 1;

/** An attribute value's size as DynamoDB counts it (list and map: 3 bytes, plus 1 per element). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS) return value.NS.reduce((sum, text) => sum + numberSize(text), 0);
  if (value.BS) return value.BS.reduce((sum, bytes) => sum + bytes.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  return 0;
}

/** An item's size: each attribute's name and value. */
export const itemSize = (item: Record<string, AttributeValue>) => Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);

/** DynamoDB's write unit: one per started KB. */
const startedKb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** An index as the billing rule needs it: its key attributes and what it projects. */
export interface BilledIndex {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  projection: { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] } | { type: 'ALL' };
}

type Image = Record<string, AttributeValue> | undefined;

/** The item's entry in an index (the table's keys, the index's keys, what it projects), or undefined when it is not on it. */
export function indexEntry(item: Image, index: BilledIndex, tableKeys: readonly string[] = ['pk', 'sk']): Record<string, AttributeValue> | undefined {
  if (!item?.[index.partitionKey] || !item[index.sortKey]) return undefined;
  if (index.projection.type === 'ALL') return item;
  const names = new Set([...tableKeys, index.partitionKey, index.sortKey, ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
}

const sameValue = (a: AttributeValue, b: AttributeValue) => JSON.stringify(a, sortedKeys) === JSON.stringify(b, sortedKeys);
function sortedKeys(_key: string, value: unknown) {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value;
}
const sameEntry = (a: Record<string, AttributeValue>, b: Record<string, AttributeValue>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([name, value]) => b[name] !== undefined && sameValue(value, b[name]!));

export interface BilledWrite {
  table: number;
  /** Units per index physical name; absent: the write did not touch that index. */
  indexes: Record<string, number>;
}

/**
 * What AWS bills for one item write, by its published rules, from the item before and after: the
 * table one unit per started KB of the larger image; each index the item is on before or after, when
 * its entry changed: putting an entry one unit per started KB of it, removing one the same, an entry
 * whose index key changed both; all of it twice in a transaction. A refused write changes nothing
 * and is billed on the table only. (DynamoDB Local reports transactions otherwise: 4 units for a
 * one-item transaction of a few bytes; see tests/bench/README.md.)
 */
export function billedWrite(before: Image, after: Image, options: { transactional: boolean; succeeded: boolean; indexes: readonly BilledIndex[] }): BilledWrite {
  const factor = options.transactional ? 2 : 1;
  const table = factor * startedKb(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
  const indexes: Record<string, number> = {};
  if (!options.succeeded) return { table, indexes };
  for (const index of options.indexes) {
    const old = indexEntry(before, index);
    const next = indexEntry(after, index);
    let units = 0;
    if (old && next) {
      const keyMoved = !sameValue(old[index.partitionKey]!, next[index.partitionKey]!) || !sameValue(old[index.sortKey]!, next[index.sortKey]!);
      if (keyMoved) units = startedKb(itemSize(old)) + startedKb(itemSize(next));
      else if (!sameEntry(old, next)) units = startedKb(Math.max(itemSize(old), itemSize(next)));
    } else if (old) units = startedKb(itemSize(old));
    else if (next) units = startedKb(itemSize(next));
    if (units > 0) indexes[index.indexName] = factor * units;
  }
  return { table, indexes };
}

/** The item type a key belongs to: the item's `entity`, else its partition prefix (figure aggregates: and their sort prefix). */
export function itemTypeOf(key: Record<string, unknown>, item: Image): string {
  if (item?.entity?.S) return item.entity.S;
  const [prefix = '?'] = String(key.pk).split('#');
  return prefix === 'FIGURES' ? `figures ${String(key.sk).split('#')[0]?.toLowerCase()}` : prefix.toLowerCase();
}

/** One item write as billed, with its type. */
export interface BilledItemWrite extends BilledWrite {
  itemType: string;
  transactional: boolean;
  bytes: number;
}

export interface ItemTypeWrites {
  /** Item writes (a transaction's Put, Update, Delete or ConditionCheck each count one). */
  writes: number;
  transactional: number;
  /** Mean size of the items written (the larger of before and after), in bytes. */
  meanBytes: number;
  /** Write units on the table, and on each index, by AWS's rules. */
  tableUnits: number;
  indexUnits: Record<string, number>;
}

/** Sums billed writes by item type. */
export function byItemType(writes: readonly BilledItemWrite[]): Record<string, ItemTypeWrites> {
  const byType: Record<string, ItemTypeWrites & { bytes: number }> = {};
  for (const write of writes) {
    const type = (byType[write.itemType] ??= { writes: 0, transactional: 0, meanBytes: 0, tableUnits: 0, indexUnits: {}, bytes: 0 });
    type.writes += 1;
    if (write.transactional) type.transactional += 1;
    type.bytes += write.bytes;
    type.tableUnits += write.table;
    for (const [index, units] of Object.entries(write.indexes)) type.indexUnits[index] = (type.indexUnits[index] ?? 0) + units;
  }
  return Object.fromEntries(Object.entries(byType).map(([type, { bytes, ...counts }]) => [type, { ...counts, meanBytes: bytes / counts.writes }]));
}
