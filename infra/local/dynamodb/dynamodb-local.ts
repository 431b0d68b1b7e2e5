// Spawns AWS's DynamoDB Local (the jar shipped by `amplify-dynamodb-simulator`) on 127.0.0.1 only.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from '#infra/local/process-alive.ts';
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
  /** Where the class-data archive is kept and written; default beside the compiled launcher (tests use their own). */
  classDataFolder?: string;
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
const launcherJarSource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'LauncherJar.java');
/** DynamoDB Local and the launcher in one jar (LauncherJar.java), beside the compiled launcher. */
const launcherJarName = 'dynamodb-local.jar';

function emulatorFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** Where compiled launchers are kept, one folder per version of the source; every JVM we start runs from here. */
export const launcherCacheFolder = buildCacheFolder('baton-dynamodb-launcher');

/** What a start runs from: the launcher's jar when it could be built, else the compiled launcher's folder. */
interface Launcher {
  folder: string;
  jar?: string;
}

/**
 * The launcher compiled once per version of its sources and of DynamoDB Local. Run as a single-file source
 * program, every start compiled it again in memory: about as much CPU as DynamoDB Local's own start (see
 * tests/README.md). Compiled by the runtime's own compiler module (`java -m jdk.compiler/...`, present wherever
 * the source launcher works, also in a JRE image that ships no `javac`), then put in one jar with DynamoDB Local
 * (LauncherJar.java), the class path whose classes the JVM can archive. `undefined` when it cannot be compiled,
 * and the source launcher is used as before; without the jar, the compiled folder without an archive.
 */
async function compiledLauncher(classPath: string, emulatorJar: string): Promise<Launcher | undefined> {
  const jarStat = statSync(emulatorJar);
  const version = createHash('sha256')
    .update(readFileSync(launcherSource))
    .update(readFileSync(launcherJarSource))
    .update(`\n${jarStat.size} ${jarStat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const folder = path.join(launcherCacheFolder, version);
  const compiledIn = (candidate: string): Launcher | undefined => {
    if (!existsSync(path.join(candidate, 'DynamoDbLocalLauncher.class'))) return undefined;
    const jar = path.join(candidate, launcherJarName);
    return existsSync(jar) ? { folder: candidate, jar } : { folder: candidate };
  };
  const cached = compiledIn(folder);
  if (cached) return cached;
  try {
    mkdirSync(launcherCacheFolder, { recursive: true });
    // Compiled aside and renamed into place: starts racing on a fresh machine never run a half-written class.
    const scratch = mkdtempSync(path.join(launcherCacheFolder, 'compiling-'));
    try {
      const run = promisify(execFile);
      await run('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17', '-nowarn', '-cp', classPath, '-d', scratch, launcherSource, launcherJarSource]);
      // Without the jar, DynamoDB Local still runs from the compiled folder (only its classes are not archived).
      await run('java', ['-cp', scratch, 'LauncherJar', emulatorJar, scratch, path.join(scratch, launcherJarName)]).catch(() => rmSync(path.join(scratch, launcherJarName), { force: true }));
      renameSync(scratch, folder);
      removeOlderVersions(folder);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      // Another start renamed its copy into place first: use that one.
      if (!compiledIn(folder)) throw error;
    }
    return compiledIn(folder);
  } catch {
    return undefined;
  }
}

/** A version of the launcher nobody has compiled or archived for a day belongs to older sources: some 45 MB each. */
function removeOlderVersions(current: string): void {
  for (const entry of readdirSync(launcherCacheFolder)) {
    const other = path.join(launcherCacheFolder, entry);
    try {
      if (other !== current && Date.now() - statSync(other).mtimeMs > 24 * 60 * 60 * 1000) rmSync(other, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another start
    }
  }
}

/** The `java` a start runs, by its real path, size and time: an archive is kept per Java installation. */
function javaIdentity(): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      const java = realpathSync(path.join(folder, 'java'));
      const { size, mtimeMs } = statSync(java);
      return createHash('sha256').update(`${java} ${size} ${mtimeMs}`).digest('hex').slice(0, 16);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * Class data sharing: the JVM maps the classes DynamoDB Local loads from an archive instead of loading, verifying
 * and linking them again, which roughly halves its start and its first request (tests/bench/README.md). Java 17
 * archives a run's classes when it exits (`-XX:ArchiveClassesAtExit`), so the first start on disk without an
 * archive writes one as its JVM stops (one start at a time, the others run without), into a file of its own that is
 * renamed into place only after a clean exit. An archive the JVM cannot use (corrupt, another Java, another class
 * path) is ignored by it (`-Xshare:auto`): DynamoDB Local then starts as it would without, and the archive is
 * removed, to be written again. One it maps but cannot read (a truncated file crashes the JVM as it starts) is
 * removed, and the JVM started again without it.
 */
interface ClassData {
  args: string[];
  /** After the JVM exited: keeps the archive it wrote, if it exited cleanly. */
  afterExit(cleanly: boolean): void;
  /** A JVM writing an archive at exit takes longer to stop. */
  dumping: boolean;
  /** The archive this start maps, if any: removed when a JVM given it died before it was ready. */
  archive?: string;
}

function classDataFor(folder: string, mayWrite: boolean): ClassData {
  const none: ClassData = { args: [], afterExit: () => undefined, dumping: false };
  const java = javaIdentity();
  if (!java) return none;
  const archive = path.join(folder, `classes-${java}.jsa`);
  if (existsSync(archive)) return { ...none, args: [`-XX:SharedArchiveFile=${archive}`], archive };
  if (!mayWrite) return none;
  const claim = `${archive}.dumping`;
  try {
    writeFileSync(claim, String(process.pid), { flag: 'wx' });
  } catch {
    // Another start is writing it; a claim whose process is gone (killed mid-dump) is taken over next time. A
    // folder where nothing can be written (no claim to read either) only means no archive.
    try {
      const holder = Number(readFileSync(claim, 'utf8'));
      if (!isAlive(holder)) {
        rmSync(`${archive}.${holder}.tmp`, { force: true });
        rmSync(claim, { force: true });
      }
    } catch {
      // nothing to take over
    }
    return none;
  }
  const written = `${archive}.${process.pid}.tmp`;
  return {
    args: [`-XX:ArchiveClassesAtExit=${written}`],
    dumping: true,
    afterExit(cleanly) {
      // Runs in the child's exit event: whatever fails here costs an archive, never the runtime.
      try {
        if (cleanly && existsSync(written) && statSync(written).size > 0) renameSync(written, archive);
        rmSync(written, { force: true });
        rmSync(claim, { force: true });
      } catch {
        // the next start on disk writes one (taking over the claim once this process is gone)
      }
    },
  };
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
  const emulatorJar = path.join(emulator, 'DynamoDBLocal.jar');
  const compiled = await compiledLauncher(classPath, emulatorJar);
  // A JVM in memory is a test run's shared one, up for the whole run: were it the one to write the archive, every
  // other start of the run would go without. One on disk (npm start, a process test) writes it when it stops.
  const classData = compiled?.jar ? classDataFor(options.classDataFolder ?? compiled.folder, Boolean(options.dbPath)) : undefined;
  const launchClassPath = compiled?.jar
    ? `${compiled.jar}${path.delimiter}${path.join(emulator, 'DynamoDBLocal_lib', '*')}`
    : compiled
      ? `${compiled.folder}${path.delimiter}${classPath}`
      : classPath;
  const launch = (classDataArgs: string[]) => [
    `-Djava.library.path=${path.join(emulator, 'DynamoDBLocal_lib')}`,
    '-Xshare:auto',
    ...classDataArgs,
    // The archive's own notices (a class it skips, an archive it cannot use) are not DynamoDB Local's output.
    '-Xlog:cds=off,cds+dynamic=off',
    // The client JIT only: a local database's requests are short, and C2 spent more CPU compiling during
    // the start than it ever saved (about half the JVM's start-up CPU; figures in tests/README.md).
    '-XX:TieredStopAtLevel=1',
    '-cp',
    launchClassPath,
    compiled ? 'DynamoDbLocalLauncher' : launcherSource,
    '-disableTelemetry',
    '-port',
    String(options.port ?? 0),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true, mode: 0o700 });
    if (options.owner) adoptSharedDatabase(options.dbPath, options.owner);
  }
  try {
    const started = await spawnUntilReady(launch(classData?.args ?? []), classData);
    if (classData?.archive) dropIfUnused(classData.archive, started.pid);
    return started;
  } catch (error) {
    if (!classData?.archive) {
      // Asked only when the start failed: a `java -version` before every start cost a JVM start of its own.
      assertJava17();
      throw error;
    }
    // An archive the JVM mapped but could not read: gone, and the next start without one writes a new one.
    rmSync(classData.archive, { force: true });
    try {
      return await spawnUntilReady(launch([]), undefined);
    } catch (again) {
      assertJava17();
      throw again;
    }
  }
}

/**
 * An archive the JVM ignored (another Java's, or not an archive at all) would slow every start without a word:
 * where the JVM's mappings can be read (Linux), one it did not map is removed, and the next start writes a new one.
 */
function dropIfUnused(archive: string, pid: number): void {
  let mappings: string;
  try {
    mappings = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return;
  }
  if (!mappings.includes(archive)) rmSync(archive, { force: true });
}

async function spawnUntilReady(args: string[], classData: ClassData | undefined): Promise<DynamoDbLocal> {
  // stdin stays a pipe: the launcher exits when it closes, i.e. when this process dies in any way.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } });
  if (classData) child.once('exit', (code) => classData.afterExit(code === 0));
  const port = await waitForReady(child);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    // Draining comes first (the launcher's shutdown hook); an archive written after it only needs more time.
    stop: () => stopChild(child, classData?.dumping ? 60_000 : 5_000),
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

function stopChild(child: ChildProcess, forceAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.stdin?.end();
  });
}
