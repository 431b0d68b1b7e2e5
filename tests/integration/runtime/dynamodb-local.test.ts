import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, assertJava17, JavaMissingError, type DynamoDbLocal } from '#infra/local/dynamodb/dynamodb-local.ts';
import { tempDataDir } from '../../support/sample-data.ts';
import { waitUntilGone } from '../../support/baton-process.ts';

let dynamodb: DynamoDbLocal;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ dbPath: tempDataDir('baton-ddb') });
});
afterAll(async () => {
  await dynamodb.stop();
});

/** The local addresses of LISTEN sockets on a port, read from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[1]?.endsWith(`:${hexPort}`) && columns[3] === '0A')
      .map((columns) => columns[1]!.split(':')[0]!),
  );
}

function tryConnect(host: string, port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}

describe('DynamoDB Local as the runtime runs it', () => {
  it('answers the real AWS SDK on its endpoint', async () => {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const tables = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(tables.TableNames)).toBe(true);
  });

  it('listens on 127.0.0.1 only, never on every interface', async () => {
    // Prepare
    const port = Number(new URL(dynamodb.endpoint).port);
    // Act
    const addresses = listeningAddresses(port);
    // Assess: IPv4 127.0.0.1 is 0100007F; as IPv4-mapped IPv6 it is 0000000000000000FFFF00000100007F.
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(['0100007F', '0000000000000000FFFF00000100007F']).toContain(address);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal);
    if (external) expect(await tryConnect(external.address, port)).toBe('refused');
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  });

  it('stops when asked, leaving no Java process', async () => {
    const other = await startDynamoDbLocal({});
    await other.stop();
    expect(await waitUntilGone(other.pid, 10_000)).toBe(true);
  });

  it('says plainly that Java 17 is needed when java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = tempDataDir('no-java');
    try {
      expect(() => assertJava17()).toThrow(JavaMissingError);
      expect(() => assertJava17()).toThrow(/Java 17 or newer is required/);
      // The start itself asks only once it failed, and says the same.
      await expect(startDynamoDbLocal({})).rejects.toThrow(/Java 17 or newer is required/);
    } finally {
      process.env.PATH = path;
    }
  });
});

/** The class-data archive a start kept in `folder`, if any. */
const archiveIn = (folder: string): string | undefined => {
  const name = readdirSync(folder).find((file) => /^classes-\w+\.jsa$/.test(file));
  return name && path.join(folder, name);
};
const maps = (pid: number, file: string) => readFileSync(`/proc/${pid}/maps`, 'utf8').includes(file);
const answers = async (started: DynamoDbLocal) => {
  const client = new DynamoDBClient({ endpoint: started.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    return Array.isArray((await client.send(new ListTablesCommand({}))).TableNames);
  } finally {
    client.destroy();
  }
};

describe("DynamoDB Local's class-data archive (a shorter JVM start)", { timeout: 180_000 }, () => {
  const classDataFolder = tempDataDir('baton-class-data');
  const garbage = tempDataDir('baton-class-data-garbage');
  const truncated = tempDataDir('baton-class-data-truncated');
  const database = tempDataDir('baton-class-data-db');
  let archive: string | undefined;
  // An archive is some 35 MB.
  afterAll(() => {
    for (const folder of [classDataFolder, garbage, truncated, database]) rmSync(folder, { recursive: true, force: true });
  });

  it('is written when the first JVM stops cleanly, and mapped by the next start', async () => {
    // Prepare: no archive yet; a JVM on disk writes it (the run's shared one, in memory, never does)
    const first = await startDynamoDbLocal({ dbPath: database, classDataFolder });
    expect(archiveIn(classDataFolder)).toBeUndefined();
    // Act
    await first.stop();
    archive = archiveIn(classDataFolder);
    const second = await startDynamoDbLocal({ classDataFolder });
    // Assess
    try {
      expect(archive).toBeDefined();
      expect(maps(second.pid, archive!)).toBe(true);
      expect(await answers(second)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('a corrupt or truncated archive still starts DynamoDB Local, and is removed to be written again', async () => {
    // Prepare: one folder holds bytes that are no archive, another the first half of a real one
    if (!archive) throw new Error('This test needs the archive the previous test wrote.');
    const real = readFileSync(archive);
    writeFileSync(path.join(garbage, path.basename(archive)), Buffer.alloc(100_000, 7));
    writeFileSync(path.join(truncated, path.basename(archive)), real.subarray(0, real.length / 2));
    for (const folder of [garbage, truncated]) {
      // Act
      const started = await startDynamoDbLocal({ classDataFolder: folder });
      // Assess
      try {
        expect(await answers(started)).toBe(true);
        expect(archiveIn(folder)).toBeUndefined();
      } finally {
        await started.stop();
      }
    }
  });
});
