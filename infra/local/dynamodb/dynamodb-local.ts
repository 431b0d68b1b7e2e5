// Spawns AWS's DynamoDB Local (the jar shipped by `amplify-dynamodb-simulator`) on 127.0.0.1 only.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildCacheFolder } from '#infra/local/build-cache.ts';

export interface DynamoDbLocal {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Folder for the database files; omitted = in memory (tests that never restart). */
  dbPath?: string;
  port?: number;
  /**
   * Whose database an older data folder's single shared file becomes. Without -sharedDb, DynamoDB Local keeps
   * one database per access key id and region (`<key id>_<region>.db`): a caller with any other key sees an empty one.
   */
  owner?: { accessKeyId: string; region: string };
}

/** The file DynamoDB Local keeps a key's database in (without -sharedDb). */
export const databaseFileOf = (owner: { accessKeyId: string; region: string }) => `${owner.accessKeyId}_${owner.region}.db`;

/**
 * A data folder from before the per-key databases has everything in `shared-local-instance.db`, which
 * DynamoDB Local without -sharedDb no longer reads: it becomes the owner's database, by rename.
 */
function adoptSharedDatabase(dbPath: string, owner: { accessKeyId: string; region: string }): void {
  const shared = path.join(dbPath, 'shared-local-instance.db');
  const owned = path.join(dbPath, databaseFileOf(owner));
  if (existsSync(shared) && !existsSync(owned)) renameSync(shared, owned);
}

const launcherSource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'DynamoDbLocalLauncher.java');

function emulatorFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** Where compiled launchers are kept, one folder per version of the source; every JVM we start runs from here. */
export const launcherCacheFolder = buildCacheFolder('baton-dynamodb-launcher');

/**
 * The launcher compiled once per version of its source. Run as a single-file source program, every start
 * compiled it again in memory: about as much CPU as DynamoDB Local's own start (see tests/README.md).
 * Compiled by the runtime's own compiler module (`java -m jdk.compiler/...`, present wherever the source
 * launcher works, also in a JRE image that ships no `javac`); `undefined` when it cannot be, and the
 * source launcher is used as before.
 */
async function compiledLauncher(classPath: string): Promise<string | undefined> {
  const source = readFileSync(launcherSource);
  const folder = path.join(launcherCacheFolder, createHash('sha256').update(source).digest('hex').slice(0, 16));
  if (existsSync(path.join(folder, 'DynamoDbLocalLauncher.class'))) return folder;
  try {
    mkdirSync(launcherCacheFolder, { recursive: true });
    // Compiled aside and renamed into place: starts racing on a fresh machine never run a half-written class.
    const scratch = mkdtempSync(path.join(launcherCacheFolder, 'compiling-'));
    try {
      await promisify(execFile)('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17', '-nowarn', '-cp', classPath, '-d', scratch, launcherSource]);
      renameSync(scratch, folder);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      // Another start renamed its copy into place first: use that one.
      if (!existsSync(path.join(folder, 'DynamoDbLocalLauncher.class'))) throw error;
    }
    return folder;
  } catch {
    return undefined;
  }
}

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

/** DynamoDB Local needs Java 17+; say so plainly instead of failing with a spawn error. */
export function assertJava17(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new JavaMissingError(
      'Java 17 or newer is required to run DynamoDB Local, and `java` was not found on PATH. ' +
        'Install a JDK/JRE 17+ (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`) and run again.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr + probe.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new JavaMissingError(`Java 17 or newer is required to run DynamoDB Local; found Java ${major || 'of unknown version'}.`);
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const emulator = emulatorFolder();
  const classPath = `${path.join(emulator, 'DynamoDBLocal.jar')}${path.delimiter}${path.join(emulator, 'DynamoDBLocal_lib', '*')}`;
  const compiled = await compiledLauncher(classPath);
  const args = [
    `-Djava.library.path=${path.join(emulator, 'DynamoDBLocal_lib')}`,
    '-Xshare:auto',
    // The client JIT only: a local database's requests are short, and C2 spent more CPU compiling during
    // the start than it ever saved (about half the JVM's start-up CPU; figures in tests/README.md).
    '-XX:TieredStopAtLevel=1',
    '-cp',
    compiled ? `${compiled}${path.delimiter}${classPath}` : classPath,
    compiled ? 'DynamoDbLocalLauncher' : launcherSource,
    '-disableTelemetry',
    '-port',
    String(options.port ?? 0),
  ];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true, mode: 0o700 });
    if (options.owner) adoptSharedDatabase(options.dbPath, options.owner);
    args.push('-dbPath', options.dbPath);
  } else {
    args.push('-inMemory');
  }
  // stdin stays a pipe: the launcher exits when it closes, i.e. when this process dies in any way.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } });
  let port: number;
  try {
    port = await waitForReady(child);
  } catch (error) {
    // Asked only when the start failed: a `java -version` before every start cost a JVM start of its own.
    assertJava17();
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`DynamoDB Local did not start within 60 s.\n${stderr}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /BATON_DYNAMODB_READY port=(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`DynamoDB Local exited (code ${code}) before it was ready.\n${stderr}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.stdin?.end();
  });
}
