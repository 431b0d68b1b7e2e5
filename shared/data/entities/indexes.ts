// The table's four global secondary indexes, each named once here for the access patterns it serves.
// They are overloaded (ElectroDB-style generic `gsiNpk`/`gsiNsk` attributes), so one physical index
// serves item types that never share a partition: a department's queue and a customer's issues are
// both sorted lists under different partition prefixes. Only this module spells an index's name or its
// key attributes; entities name the index they use, `table-definition.ts` and the CDK table build them.

export interface TableIndex {
  /** The physical index name (what DynamoDB and CloudFormation know it by). */
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

const generic = (n: number): TableIndex => ({ indexName: `gsi${n}`, partitionKey: `gsi${n}pk`, sortKey: `gsi${n}sk` });

export const indexes = {
  /** A department's active tasks by due time; a customer's issues by creation time. */
  queuesAndCustomers: generic(1),
  /** The tasks one person holds by due time; the repair lists (flows not started, callbacks and replies not confirmed). */
  holdersAndRepairLists: generic(2),
  /** An issue's tasks in the order they opened; the issues in one status, oldest first. */
  issueTasksAndStatuses: generic(3),
  /** Issues by order reference. */
  orderRefs: generic(4),
} as const;

export type IndexName = keyof typeof indexes;

/** The table's own key attributes. */
export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Key attributes an item carries for one index (its partition and sort key). */
export const indexKeys = (index: TableIndex, partition: string, sort: string): Record<string, string> => ({
  [index.partitionKey]: partition,
  [index.sortKey]: sort,
});

/** The attributes that put an item on an index: removed, the item leaves it. */
export const indexKeyNames = (index: TableIndex): [string, string] => [index.partitionKey, index.sortKey];
