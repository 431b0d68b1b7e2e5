// How an access pattern becomes a request: a Query of one partition of the table or of a named
// index, and the shape a page token of that list must have. Entities describe their access
// patterns as `Access` values; nothing else writes a key condition.
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { tableKeys, type TableIndex } from '#shared/data/entities/indexes.ts';
import type { PageTokenShape } from '#shared/data/paging.ts';

export interface Access {
  /** Absent: the table itself (its `pk`/`sk`). */
  index?: TableIndex;
  partition: string;
  /** Only sort keys starting with this. */
  beginsWith?: string;
  /** Only sort keys before this (a repair list's cut-off time). */
  before?: string;
}

const keyNames = (access: Access) =>
  access.index ? { partitionKey: access.index.partitionKey, sortKey: access.index.sortKey } : { partitionKey: tableKeys.partitionKey, sortKey: tableKeys.sortKey };

/** The Query of an access pattern; callers add a filter, a limit or a start key. */
export function queryOf(access: Access) {
  const { partitionKey, sortKey } = keyNames(access);
  const conditions = [`${partitionKey} = :pk`];
  const values: Record<string, string> = { ':pk': access.partition };
  if (access.beginsWith !== undefined) {
    conditions.push(`begins_with(${sortKey}, :sk)`);
    values[':sk'] = access.beginsWith;
  } else if (access.before !== undefined) {
    conditions.push(`${sortKey} < :sk`);
    values[':sk'] = access.before;
  }
  return {
    TableName: config.tableName(),
    ...(access.index ? { IndexName: access.index.indexName } : {}),
    KeyConditionExpression: conditions.join(' AND '),
    ExpressionAttributeValues: values,
  } satisfies QueryCommandInput;
}

/** A page token of this list carries exactly the index's and the table's key attributes, in this partition. */
export function pageTokenShape(access: Access): PageTokenShape {
  const { partitionKey, sortKey } = keyNames(access);
  const names = new Set([tableKeys.partitionKey, tableKeys.sortKey, partitionKey, sortKey]);
  return { index: [...names], partition: { [partitionKey]: access.partition } };
}
