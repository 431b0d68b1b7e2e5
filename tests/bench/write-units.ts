// Where an issue's write request units go, by item type: the call meter logs every item a write names
// (shared/aws-call-meter.ts `logWrites`), the benchmark reads each item afterwards and sizes it as
// DynamoDB bills it. DynamoDB Local reports units per call (the table's part and each index's), not per
// item; this splits the table's part by item type, from the items' stored sizes.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ItemWrite } from '#shared/aws-call-meter.ts';

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

/** Write units of one item write on the table itself: one per started KB of the item, twice in a transaction. */
export const tableWriteUnits = (bytes: number, transactional: boolean) => (transactional ? 2 : 1) * Math.max(1, Math.ceil(bytes / 1024));

/** The item type a key belongs to: the item's `entity`, else its partition prefix (figure aggregates: and their sort prefix). */
export function itemTypeOf(key: Record<string, unknown>, item: Record<string, AttributeValue> | undefined): string {
  if (item?.entity?.S) return item.entity.S;
  const [prefix = '?'] = String(key.pk).split('#');
  return prefix === 'FIGURES' ? `figures ${String(key.sk).split('#')[0]?.toLowerCase()}` : prefix.toLowerCase();
}

export interface ItemTypeWrites {
  /** Item writes (a transaction's Put, Update, Delete or ConditionCheck each count one). */
  writes: number;
  transactional: number;
  /** Mean stored size of the items written, in bytes (read after the issue closed). */
  meanBytes: number;
  /** Table write units those writes cost at those sizes. */
  tableUnits: number;
}

/** Sizes each logged write with `read` (the item as stored now; absent: deleted, 1 KB) and sums them by item type. */
export async function writesByItemType(
  writes: ItemWrite[],
  read: (key: Record<string, unknown>) => Promise<Record<string, AttributeValue> | undefined>,
): Promise<Record<string, ItemTypeWrites>> {
  const stored = new Map<string, Record<string, AttributeValue> | undefined>();
  const byType: Record<string, ItemTypeWrites & { bytes: number }> = {};
  for (const write of writes) {
    const id = JSON.stringify(write.key);
    if (!stored.has(id)) stored.set(id, await read(write.key));
    const item = stored.get(id);
    const bytes = item ? itemSize(item) : 0;
    const type = (byType[itemTypeOf(write.key, item)] ??= { writes: 0, transactional: 0, meanBytes: 0, tableUnits: 0, bytes: 0 });
    type.writes += 1;
    if (write.transactional) type.transactional += 1;
    type.bytes += bytes;
    type.tableUnits += tableWriteUnits(bytes, write.transactional);
  }
  return Object.fromEntries(Object.entries(byType).map(([type, { bytes, ...counts }]) => [type, { ...counts, meanBytes: bytes / counts.writes }]));
}
