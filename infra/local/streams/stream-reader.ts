// Reads a table's DynamoDB stream through the real Streams API (DynamoDB Local serves it on its own
// endpoint) and hands each batch to a Lambda stream handler in the event shape Lambda's event source
// mapping gives it: the local stand-in for the mapping that triggers the outbox sender on AWS.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { LocalCredentials } from '#infra/local/local-credentials.ts';
import { logger } from '#shared/logger.ts';

export interface StreamReaderOptions {
  endpoint: string;
  region: string;
  credentials: LocalCredentials;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** How long to wait after a round that found nothing (the mapping polls a shard about 4 times a second). */
  idleMs?: number;
}

export interface StreamReader {
  stop(): Promise<void>;
}

function lambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    },
  };
}

/**
 * Starts at the stream's end (LATEST) for the shards open now: what was written before is the start-up
 * sweep's job. Shards that appear later are read from their start (TRIM_HORIZON).
 */
export async function startStreamReader(options: StreamReaderOptions): Promise<StreamReader> {
  const { endpoint, region, credentials } = options;
  const tables = new DynamoDBClient({ endpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  const described = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  tables.destroy();
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`The table ${options.tableName} has no stream.`);

  /** shard id → its next iterator, or null once the shard is closed and read to its end. */
  const shards = new Map<string, string | null>();
  const discover = async (position: 'LATEST' | 'TRIM_HORIZON') => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      // A shard that was already closed at start-up holds only what the sweep covers.
      if (position === 'LATEST' && shard.SequenceNumberRange?.EndingSequenceNumber) {
        shards.set(shard.ShardId, null);
        continue;
      }
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: position }));
      shards.set(shard.ShardId, ShardIterator ?? null);
    }
  };
  await discover('LATEST');

  let stopped = false;
  let wake: (() => void) | undefined;
  let rounds = 0;
  const readRound = async (): Promise<number> => {
    let seen = 0;
    // New shards (DynamoDB rolls them over): looked for every few rounds and whenever one closed.
    if (++rounds % 20 === 0 || [...shards.values()].every((iterator) => iterator === null)) await discover('TRIM_HORIZON');
    for (const [shardId, iterator] of shards) {
      if (!iterator || stopped) continue;
      try {
        const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        if (Records.length) await options.handler({ Records: Records.map((record) => lambdaRecord(record, streamArn, region)) });
        seen += Records.length;
        shards.set(shardId, NextShardIterator ?? null);
        if (!NextShardIterator) await discover('TRIM_HORIZON');
      } catch (error) {
        if (error instanceof ExpiredIteratorException) shards.delete(shardId);
        else throw error;
      }
    }
    return seen;
  };
  const loop = (async () => {
    while (!stopped) {
      let seen = 0;
      try {
        seen = await readRound();
      } catch (error) {
        if (!stopped) logger.error('reading the table stream failed; trying again', { error: error as Error });
      }
      if (seen === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.idleMs ?? 250).unref();
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      streams.destroy();
    },
  };
}
