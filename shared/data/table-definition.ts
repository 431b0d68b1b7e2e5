// The one definition of Baton's single DynamoDB table: read by the CDK stack and by the local runtime.
// Access patterns and their keys are documented in shared/data/ACCESS-PATTERNS.md.

export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Generic, overloaded global secondary indexes (each access pattern names the one it uses). */
export const tableIndexes = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
] as const;

export type TableIndexName = (typeof tableIndexes)[number]['indexName'];

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL: idempotency records and rate-limit counters. */
export const timeToLiveAttribute = 'expiresAt';

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
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
