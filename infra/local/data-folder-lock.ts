// One runtime per data folder: a lock file refuses a second start, and a DynamoDB Local JVM left by
// a killed runtime is found by its recorded pid (never by process name) and stopped.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '#infra/local/process-alive.ts';

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

/** The command line of a pid, to be sure a recorded pid still is the process we started. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export interface DataFolderLock {
  release(): void;
  recordJvm(pid: number): void;
}

export function lockDataFolder(dataDir: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'runtime.lock');
  const jvmFile = path.join(dataDir, 'dynamodb.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readLock(lockFile);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid) && /node|tsx/.test(commandLine(holder.pid) || 'node')) {
        throw new DataFolderInUseError(
          `Another Baton runtime (pid ${holder.pid}, started ${holder.startedAt}) is using the data folder ${dataDir}. ` +
            'Stop it first, or set BATON_DATA_DIR to another folder.',
        );
      }
      rmSync(lockFile, { force: true }); // left by a runtime that was killed
    }
  }
  stopLeftoverJvm(jvmFile, dataDir);
  return {
    release() {
      rmSync(jvmFile, { force: true });
      const holder = readLock(lockFile);
      if (holder?.pid === process.pid) rmSync(lockFile, { force: true });
    },
    recordJvm(pid) {
      writeFileSync(jvmFile, JSON.stringify({ pid, dataDir }));
    },
  };
}

function readLock(lockFile: string): { pid: number; startedAt: string } | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; startedAt: string };
  } catch {
    return undefined;
  }
}

const leftoverJvmDrainMs = 30_000;

/** Alive and not a zombie waiting to be reaped (its parent, the killed runtime, is gone). */
function isRunning(pid: number): boolean {
  try {
    return isAlive(pid) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

function stopLeftoverJvm(jvmFile: string, dataDir: string): void {
  if (!existsSync(jvmFile)) return;
  try {
    const { pid } = JSON.parse(readFileSync(jvmFile, 'utf8')) as { pid: number };
    // Only the JVM we launched for this folder: the pid may since belong to something else.
    if (isAlive(pid) && commandLine(pid).includes('DynamoDbLocalLauncher') && commandLine(pid).includes(path.resolve(dataDir))) {
      // It may still be finishing commits it already acknowledged (its parent just died): let it
      // drain and exit by itself (SIGTERM runs the same drain) before forcing it.
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + leftoverJvmDrainMs;
      while (isRunning(pid) && Date.now() < deadline) Atomics.wait(pauseCell, 0, 0, 50);
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  } catch {
    // an unreadable record means there is nothing we can safely stop
  }
  rmSync(jvmFile, { force: true });
}
