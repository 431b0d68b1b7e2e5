// The DynamoDB document client, one per configuration (shared/config.ts): on AWS the one the cold
// start built; locally one per runtime, re-created only when its DynamoDB Local moves to another port.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { clientPerSettings } from '#shared/aws-client-per-settings.ts';
import { config } from '#shared/config.ts';

const documentClientOfSettings = clientPerSettings(config.dynamodbEndpoint, (options) =>
  DynamoDBDocumentClient.from(meterAwsCalls(new DynamoDBClient(options)), { marshallOptions: { removeUndefinedValues: true } }),
);

/** Locally the data folder's key matters: DynamoDB Local keeps one database per access key id and region. */
export function documentClient(): DynamoDBDocumentClient {
  return documentClientOfSettings();
}
