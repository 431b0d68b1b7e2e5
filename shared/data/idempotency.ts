// Idempotency records for intake: a key bound to a hash of the body, keeping the response for 24 h
// and read by nothing but intake. Written in the same transaction as what it answers for.
// The response holds a tracking code, which the table otherwise keeps only as a hash: so the record is
// found by a hash of the Idempotency-Key and the response is sealed (AES-256-GCM) with a key derived
// from the raw Idempotency-Key. Only the caller who holds that key can read the response back; whoever
// reads the table cannot.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { idempotencyEntity } from '#shared/data/entities/idempotency-record.ts';
import { IdempotencyKeyReusedError } from '#shared/domain/errors.ts';

export const idempotencyLifetimeSeconds = 24 * 60 * 60;

export interface StoredResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const key = (idempotencyKey: string) => idempotencyEntity.key(sha256(idempotencyKey));

export const hashBody = (body: unknown) => sha256(JSON.stringify(body));

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The response's encryption key: HKDF-SHA256 of the raw Idempotency-Key (the record keeps only its hash). */
const sealingKey = (idempotencyKey: string) =>
  Buffer.from(hkdfSync('sha256', idempotencyKey, 'baton/idempotency', 'intake response v1', 32));

/** iv ‖ ciphertext ‖ tag, base64; the record's key and body hash are bound in as associated data. */
function seal(idempotencyKey: string, bodyHash: string, response: StoredResponse): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  cipher.setAAD(Buffer.from(`${key(idempotencyKey).pk}|${bodyHash}`));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64');
}

function open(idempotencyKey: string, bodyHash: string, sealed: string): StoredResponse {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(`${key(idempotencyKey).pk}|${bodyHash}`));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as StoredResponse;
}

/** The response already given for this key and body, if any; the same key with another body is a 422. */
export async function previousResponse(idempotencyKey: string, bodyHash: string, now: Date): Promise<StoredResponse | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: key(idempotencyKey), ConsistentRead: true }));
  const item = found.Item ? idempotencyEntity.parse(found.Item) : undefined;
  // DynamoDB's TTL removes expired items eventually, not at once: an expired record counts as absent.
  if (!item || item.expiresAt <= now.getTime() / 1000) return undefined;
  if (item.bodyHash !== bodyHash) {
    throw new IdempotencyKeyReusedError();
  }
  return open(idempotencyKey, bodyHash, item.sealedResponse);
}

/** The record's write, to join the transaction that produces the response. */
export function recordResponse(idempotencyKey: string, bodyHash: string, response: StoredResponse, now: Date): TransactItem {
  return {
    Put: {
      TableName: config.tableName(),
      Item: idempotencyEntity.item(sha256(idempotencyKey), {
        bodyHash,
        sealedResponse: seal(idempotencyKey, bodyHash, response),
        expiresAt: Math.floor(now.getTime() / 1000) + idempotencyLifetimeSeconds,
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}
