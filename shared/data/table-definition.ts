// The one definition of Baton's single DynamoDB table: read by the CDK stack and by the local runtime.
// Items, keys and access patterns: docs/DATA-MODEL.md (generated from shared/data/entities/).
import { customerIssueSchema, orderRefListingSchema } from '#shared/data/entities/issue.ts';
import { customerWaitSchema } from '#shared/data/entities/customer-wait.ts';
import { indexes, tableKeys, type TableIndex } from '#shared/data/entities/indexes.ts';
import { outcomeSetAttribute, taskListingSchema } from '#shared/data/entities/task.ts';
import { timeToLiveAttribute } from '#shared/data/entities/time-to-live.ts';

export { tableKeys, timeToLiveAttribute };

export type Projection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

const attributesOf = (...schemas: Array<{ shape: Record<string, unknown> }>) => [...new Set(schemas.flatMap((schema) => Object.keys(schema.shape)))].sort();
/** A task as a list holds it: its outcomes by set id (resolved when read), or inline where the set is not recorded. */
const taskListingAttributes = [...attributesOf(taskListingSchema), outcomeSetAttribute].sort();

/**
 * What each index holds besides the keys: exactly what its readers read, so that a write which
 * changes nothing they read does not rewrite the index entry (DynamoDB bills every index write, by
 * the projected item's size). What needs the whole item reads it from the table by key.
 * - queues and customers: the task as a queue shows it (and what the repair checks first), a customer's issue as their list shows it;
 * - holders and repair lists: the task as a queue shows it, and enough of a pending flow start or reply to find it;
 * - an issue's tasks and the status lists: keys only (the task and issue items are read by key), so
 *   no task transition and no issue change other than its status writes to it;
 * - order references: what finding a customer's open issue for an order filters on.
 */
export const projections: Record<keyof typeof indexes, Projection> = {
  queuesAndCustomers: { type: 'INCLUDE', attributes: [...new Set([...taskListingAttributes, ...attributesOf(customerIssueSchema)])].sort() },
  holdersAndRepairLists: { type: 'INCLUDE', attributes: [...new Set([...taskListingAttributes, ...attributesOf(customerWaitSchema.pick({ issueId: true, step: true, entryKey: true }))])].sort() },
  issueTasksAndStatuses: { type: 'KEYS_ONLY' },
  orderRefs: { type: 'INCLUDE', attributes: attributesOf(orderRefListingSchema) },
};

/** The indexes with their projections, as both targets build them. */
export const tableIndexes: Array<TableIndex & { projection: Projection }> = Object.entries(indexes).map(([name, index]) => ({
  ...index,
  projection: projections[name as keyof typeof indexes],
}));

/**
 * The table's stream carries each item's new image: the outbox sender reads it (a stream-triggered
 * Lambda on AWS, the runtime's stream reader locally). Records live 24 hours.
 */
export const streamViewType = 'NEW_IMAGE' as const;

/** The CreateTable input used locally; the CDK stack builds the same table from the same constants. */
export function createTableInput(tableName: string) {
  const attributeNames = [
    tableKeys.partitionKey,
    tableKeys.sortKey,
    ...tableIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType },
    AttributeDefinitions: attributeNames.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection:
        index.projection.type === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection.attributes] }
          : { ProjectionType: 'KEYS_ONLY' as const },
    })),
  };
}
