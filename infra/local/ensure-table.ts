// Creates Baton's table in DynamoDB Local from the definition the CDK stack also uses, and adds
// any index a newer definition has to a table an older version created.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { LocalCredentials } from '#infra/local/local-credentials.ts';
import { createTableInput, timeToLiveAttribute } from '#shared/data/table-definition.ts';

export async function ensureTable(endpoint: string, tableName: string, signedAs: { region: string; credentials: LocalCredentials }): Promise<void> {
  // Created under the data folder's key: DynamoDB Local keeps a database per key id and region.
  const client = new DynamoDBClient({ endpoint, ...signedAs });
  const wanted = createTableInput(tableName);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      // A data folder from before the outbox: its table gets the stream the sender reads.
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: wanted.StreamSpecification }));
    }
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of wanted.GlobalSecondaryIndexes.filter((candidate) => !existing.has(candidate.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: wanted.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(wanted));
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true } }),
    );
  } finally {
    client.destroy();
  }
}
