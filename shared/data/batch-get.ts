// Reads items by key, 100 per BatchGetItem (DynamoDB's limit), retrying what DynamoDB leaves
// unprocessed; returns them in the order of the keys asked for (a missing item is left out).
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { tableKeys } from '#shared/data/entities/indexes.ts';

type Key = Record<string, unknown>;

const keyId = (key: Key) => `${String(key[tableKeys.partitionKey])}\u0000${String(key[tableKeys.sortKey])}`;

export async function batchGet(keys: readonly Key[], { consistent = false } = {}): Promise<Record<string, unknown>[]> {
  const tableName = config.tableName();
  const unique = [...new Map(keys.map((key) => [keyId(key), { [tableKeys.partitionKey]: key[tableKeys.partitionKey], [tableKeys.sortKey]: key[tableKeys.sortKey] }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Key[] = unique.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const result = await documentClient().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }));
      for (const item of result.Responses?.[tableName] ?? []) found.set(keyId(item), item);
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
    }
  }
  return keys.flatMap((key): Array<Record<string, unknown>> => {
    const item = found.get(keyId(key));
    return item ? [item] : [];
  });
}
