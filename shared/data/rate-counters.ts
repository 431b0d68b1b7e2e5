// The DynamoDB side of the rate limiter: counters per rule, client and time bucket, kept in two
// frame items per window and removed by TTL. The window arithmetic is in shared/http/rate-limit.ts.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { rateCounterEntity, type BucketCounts } from '#shared/data/entities/rate-counter-frame.ts';

export type { BucketCounts };

export interface CounterAddress {
  rule: string;
  client: string;
}

const merge = (...parts: BucketCounts[]): BucketCounts => new Map(parts.flatMap((part) => [...part]));

async function readFrame(address: CounterAddress, frame: number): Promise<BucketCounts> {
  const found = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: rateCounterEntity.key(address.rule, address.client, frame), ConsistentRead: true }),
  );
  return rateCounterEntity.parse(found.Item);
}

/**
 * Frames that have ended, as this process last read them. An ended frame no longer counts new
 * requests, so it is read once per process (Lambda instance) and client instead of on every request:
 * a limited route costs one UpdateItem, not two calls. What this can miss is only a request that began
 * in the ended frame and wrote after the read (the boundary's in-flight requests, or a refusal's take-back).
 */
const endedFrames = new Map<string, BucketCounts>();
const endedFramesKept = 10_000;

async function readEndedFrame(address: CounterAddress, frame: number): Promise<BucketCounts> {
  const key = `${config.tableName()}|${address.rule}|${address.client}|${frame}`;
  const known = endedFrames.get(key);
  if (known) return known;
  const counts = await readFrame(address, frame);
  if (endedFrames.size >= endedFramesKept) endedFrames.delete(endedFrames.keys().next().value!);
  endedFrames.set(key, counts);
  return counts;
}

/**
 * Adds `delta` to one bucket and returns the counts of this frame (as written, this request included)
 * and of the frame before it: everything a sliding window ending now can reach.
 */
export async function addToBucket(address: CounterAddress, frame: number, bucket: number, delta: number, expiresAt: number): Promise<BucketCounts> {
  const [updated, previous] = await Promise.all([
    documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: rateCounterEntity.key(address.rule, address.client, frame),
        UpdateExpression: 'ADD #bucket :delta SET #expiresAt = :expiresAt, entity = :entity',
        ExpressionAttributeNames: { '#bucket': rateCounterEntity.bucketAttribute(bucket), '#expiresAt': rateCounterEntity.timeToLiveAttribute },
        ExpressionAttributeValues: { ':delta': delta, ':expiresAt': expiresAt, ':entity': 'rateCounter' },
        ReturnValues: 'ALL_NEW',
      }),
    ),
    readEndedFrame(address, frame - 1),
  ]);
  return merge(previous, rateCounterEntity.parse(updated.Attributes));
}

/** The counts a sliding window ending in `frame` can reach, without counting anything. */
export async function readBuckets(address: CounterAddress, frame: number): Promise<BucketCounts> {
  const [previous, current] = await Promise.all([readEndedFrame(address, frame - 1), readFrame(address, frame)]);
  return merge(previous, current);
}
