// Queries that must see every page: an issue's events, a customer's issues, the repair lists.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryOf, type Access } from '#shared/data/entities/access.ts';

export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of an access pattern (see shared/data/entities/). */
export const queryAllOf = (access: Access, extra: Partial<QueryCommandInput> = {}) => queryAll({ ...queryOf(access), ...extra });
