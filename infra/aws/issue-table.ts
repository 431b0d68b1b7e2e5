// Baton's single DynamoDB table, built from the definition the local runtime also uses.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { streamViewType, tableIndexes, tableKeys, timeToLiveAttribute } from '#shared/data/table-definition.ts';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

export class IssueTable extends Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: stringKey(tableKeys.partitionKey),
      sortKey: stringKey(tableKeys.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute,
      // The outbox sender reads it (infra/aws/notifications.ts), as the local runtime reads DynamoDB Local's.
      stream: StreamViewType[streamViewType],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Issue history is append-only and never dropped: the table outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableIndexes) {
      this.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      });
    }
  }
}
