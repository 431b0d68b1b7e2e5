// Idempotency records for intake: a key bound to a hash of the body, keeping the response for 24 h
// and read by nothing but intake. Written in the same transaction as what it answers for.
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { unprocessable } from '#shared/http/errors.ts';

export const idempotencyLifetimeSeconds = 24 * 60 * 60;

export interface StoredResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

const key = (idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${idempotencyKey}`, sk: 'IDEMPOTENCY' });

export const hashBody = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** The response already given for this key and body, if any; the same key with another body is a 422. */
export async function previousResponse(idempotencyKey: string, bodyHash: string, now: Date): Promise<StoredResponse | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: key(idempotencyKey), ConsistentRead: true }));
  const item = found.Item;
  // DynamoDB's TTL removes expired items eventually, not at once: an expired record counts as absent.
  if (!item || (item.expiresAt as number) <= now.getTime() / 1000) return undefined;
  if (item.bodyHash !== bodyHash) {
    throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body.');
  }
  return item.response as StoredResponse;
}

/** The record's write, to join the transaction that produces the response. */
export function recordResponse(idempotencyKey: string, bodyHash: string, response: StoredResponse, now: Date): TransactItem {
  return {
    Put: {
      TableName: config.tableName(),
      Item: {
        ...key(idempotencyKey),
        entity: 'idempotency',
        bodyHash,
        response,
        expiresAt: Math.floor(now.getTime() / 1000) + idempotencyLifetimeSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}
