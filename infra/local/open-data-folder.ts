// The first part of a local runtime's start, light enough to run before the rest of Baton is loaded (main.ts
// runs it first): the data folder made owner-only and locked, its key read, and its DynamoDB Local JVM started.
// The JVM's start is the longest part of a start; begun here, it runs while Node loads the handlers and the
// runtime wires the parts that do not need it (infra/local/README.md, "Start-up").
import path from 'node:path';
import { lockDataFolder, type DataFolderLock } from '#infra/local/data-folder-lock.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { localCredentials, localRegion, type LocalCredentials } from '#infra/local/local-credentials.ts';
import { createOwnerOnly, restrictToOwner } from '#infra/local/owner-only.ts';
import { startupTimeline, type StartupTimeline } from '#infra/local/startup-timeline.ts';

export interface OpenDataFolderOptions {
  dataDir: string;
  /** Tests that never restart may keep DynamoDB in memory. */
  inMemory?: boolean;
  /** A DynamoDB Local already running, used instead of starting a JVM (see LocalRuntimeOptions.dynamodb). */
  dynamodb?: { endpoint: string; pid?: number };
}

export interface OpenedDataFolder {
  dataDir: string;
  lock: DataFolderLock;
  credentials: LocalCredentials;
  /** Settles once DynamoDB Local listens (at once for one running elsewhere); rejects when it cannot start. */
  dynamodb: Promise<DynamoDbLocal>;
  /** The start's timeline, from the moment the folder was opened. */
  timeline: StartupTimeline;
}

/** Locks the folder before anything touches its data, then starts its DynamoDB Local without waiting for it. */
export function openDataFolder(options: OpenDataFolderOptions): OpenedDataFolder {
  const timeline = startupTimeline();
  const dataDir = path.resolve(options.dataDir);
  createOwnerOnly();
  const lock = timeline.timeSync('lock', () => {
    restrictToOwner(dataDir);
    return lockDataFolder(dataDir);
  });
  let credentials: LocalCredentials;
  try {
    credentials = localCredentials(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const running = options.dynamodb;
  const dynamodb = running
    ? // The tests' shared JVM, or BATON_DYNAMODB_ENDPOINT: this runtime's own key keeps its database apart.
      Promise.resolve<DynamoDbLocal>({ endpoint: running.endpoint, pid: running.pid ?? -1, stop: async () => undefined })
    : timeline
        .time('dynamodb', () =>
          startDynamoDbLocal(options.inMemory ? {} : { dbPath: path.join(dataDir, 'dynamodb'), owner: { accessKeyId: credentials.accessKeyId, region: localRegion } }),
        )
        .then((started) => {
          lock.recordJvm(started.pid);
          return started;
        });
  // Awaited by the runtime's start, which reports a failure; until then it is not an unhandled rejection.
  dynamodb.catch(() => undefined);
  return { dataDir, lock, credentials, dynamodb, timeline };
}
