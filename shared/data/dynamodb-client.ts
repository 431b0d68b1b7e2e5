// The DynamoDB document client, one per endpoint: a module-scope singleton on AWS, and re-created
// locally only when the runtime restarts DynamoDB Local on another port.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { config } from '#shared/config.ts';

let cached: { endpoint: string | undefined; accessKeyId: string | undefined; client: DynamoDBDocumentClient } | undefined;

/** Locally the data folder's key matters: DynamoDB Local keeps one database per access key id and region. */
export function documentClient(): DynamoDBDocumentClient {
  const endpoint = config.dynamodbEndpoint();
  const credentials = endpoint ? config.localCredentials() : undefined;
  if (!cached || cached.endpoint !== endpoint || cached.accessKeyId !== credentials?.accessKeyId) {
    const base = new DynamoDBClient({ region: config.region(), ...(endpoint ? { endpoint, credentials } : {}) });
    meterAwsCalls(base);
    cached = {
      endpoint,
      accessKeyId: credentials?.accessKeyId,
      client: DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }),
    };
  }
  return cached.client;
}
