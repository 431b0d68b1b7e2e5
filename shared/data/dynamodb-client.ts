// The DynamoDB document client, one per endpoint: a module-scope singleton on AWS, and re-created
// locally only when the runtime restarts DynamoDB Local on another port.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterAwsCalls } from '#shared/aws-call-meter.ts';
import { config } from '#shared/config.ts';

let cached: { endpoint: string | undefined; client: DynamoDBDocumentClient } | undefined;

export function documentClient(): DynamoDBDocumentClient {
  const endpoint = config.dynamodbEndpoint();
  if (!cached || cached.endpoint !== endpoint) {
    const base = new DynamoDBClient({
      region: config.region(),
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    meterAwsCalls(base);
    cached = {
      endpoint,
      client: DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } }),
    };
  }
  return cached.client;
}
