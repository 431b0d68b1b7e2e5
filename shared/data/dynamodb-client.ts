// The DynamoDB document client, one per configuration (shared/config.ts): on AWS the one the cold
// start built; locally one per runtime, re-created only when its DynamoDB Local moves to another port.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { config, currentSettings, type BatonSettings } from '#shared/config.ts';

const clients = new WeakMap<BatonSettings, { endpoint: string | undefined; accessKeyId: string | undefined; client: DynamoDBDocumentClient }>();

/** Locally the data folder's key matters: DynamoDB Local keeps one database per access key id and region. */
export function documentClient(): DynamoDBDocumentClient {
  const endpoint = config.dynamodbEndpoint();
  const credentials = endpoint ? config.localCredentials() : undefined;
  let cached = clients.get(currentSettings());
  if (!cached || cached.endpoint !== endpoint || cached.accessKeyId !== credentials?.accessKeyId) {
    const base = new DynamoDBClient({ region: config.region(), ...(endpoint ? { endpoint, credentials } : {}) });
    meterAwsCalls(base);
    cached = {
      endpoint,
      accessKeyId: credentials?.accessKeyId,
      client: DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }),
    };
    clients.set(currentSettings(), cached);
  }
  return cached.client;
}
