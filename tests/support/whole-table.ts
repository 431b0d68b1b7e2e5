// Test-only inspection of every item of a runtime's table, for tests that prove what was stored or that
// nothing was (the product itself never scans).
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every item, read consistently page by page: a write answered a moment ago is in it. */
export async function wholeTable(table: DynamoDBDocumentClient, tableName = 'baton'): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
