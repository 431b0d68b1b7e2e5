// The DynamoDB side of the rate limiter: one counter item per rule and client, a ring of per-bucket
// counts (shared/data/entities/rate-counter.ts), removed by TTL. The window arithmetic is in
// shared/http/rate-limit.ts.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { rateCounterEntity, type BucketCounts } from '#shared/data/entities/rate-counter.ts';

export type { BucketCounts };

export interface CounterAddress {
  rule: string;
  client: string;
}

/**
 * How a request counts in its bucket's slot: `start` takes the slot over for this bucket (the first
 * request of the bucket, or of a new client), `add` adds to the bucket the slot already counts. Each is
 * one conditional UpdateItem; the wrong guess is refused with the item as it is, which says the right one.
 */
type SlotWrite = 'start' | 'add';

/** The bucket each client's slot last counted in this process: a busy client's next request adds at once. */
const lastBucketSeen = new Map<string, number>();
const lastBucketsKept = 10_000;

function remember(key: string, bucket: number) {
  if (!lastBucketSeen.has(key) && lastBucketSeen.size >= lastBucketsKept) lastBucketSeen.delete(lastBucketSeen.keys().next().value!);
  lastBucketSeen.set(key, bucket);
}

function slotUpdate(address: CounterAddress, bucket: number, delta: number, expiresAt: number, write: SlotWrite) {
  return new UpdateCommand({
    TableName: config.tableName(),
    Key: rateCounterEntity.key(address.rule, address.client),
    UpdateExpression:
      write === 'start'
        ? 'SET #bucket = :bucket, #count = :delta, #expiresAt = :expiresAt, entity = :entity'
        : 'ADD #count :delta SET #expiresAt = :expiresAt, entity = :entity',
    ConditionExpression: write === 'start' ? 'attribute_not_exists(#bucket) OR #bucket < :bucket' : '#bucket = :bucket',
    ExpressionAttributeNames: {
      '#bucket': rateCounterEntity.bucketAttribute(bucket),
      '#count': rateCounterEntity.countAttribute(bucket),
      '#expiresAt': rateCounterEntity.timeToLiveAttribute,
    },
    ExpressionAttributeValues: { ':bucket': bucket, ':delta': delta, ':expiresAt': expiresAt, ':entity': 'rateCounter' },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
}

/** The numbers of a refused update's item (returned in DynamoDB's own attribute format). */
const numbersOf = (item: Record<string, { N?: string }> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(item ?? {}).flatMap(([name, value]) => (value.N === undefined ? [] : [[name, Number(value.N)]])));

/**
 * Counts one request in its bucket and returns the ring as written (this request included): everything
 * a sliding window ending now can reach. One UpdateItem, two when this process guessed the slot wrong.
 */
export async function countInBucket(address: CounterAddress, bucket: number, expiresAt: number): Promise<BucketCounts> {
  const key = `${config.tableName()}|${address.rule}|${address.client}`;
  let write: SlotWrite = lastBucketSeen.get(key) === bucket ? 'add' : 'start';
  for (let attempt = 1; ; attempt++) {
    try {
      const updated = await documentClient().send(slotUpdate(address, bucket, 1, expiresAt, write));
      remember(key, bucket);
      return rateCounterEntity.parse(updated.Attributes);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = numbersOf(error.Item as Record<string, { N?: string }> | undefined);
      const held = rateCounterEntity.bucketInSlot(stored, bucket);
      // A later bucket holds the slot: another writer's clock is a whole window ahead of ours. This
      // request is judged on the ring as it is, uncounted, rather than written over newer counts.
      if ((held !== undefined && held > bucket) || attempt >= 3) return rateCounterEntity.parse(stored);
      write = held === bucket ? 'add' : 'start';
    }
  }
}

/** Takes a refused request's count back, if its bucket still holds the slot (else it no longer counts anyway). */
export async function takeBackFromBucket(address: CounterAddress, bucket: number, expiresAt: number): Promise<void> {
  try {
    await documentClient().send(slotUpdate(address, bucket, -1, expiresAt, 'add'));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The counts a sliding window can reach, without counting anything: one consistent GetItem. */
export async function readBuckets(address: CounterAddress): Promise<BucketCounts> {
  const found = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: rateCounterEntity.key(address.rule, address.client), ConsistentRead: true }),
  );
  return rateCounterEntity.parse(found.Item);
}
