// Runs `npm start`'s entry point as a separate process, as a person would, for restart and kill tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { prebuiltMain } from './prebuilt-baton.ts';

export interface BatonProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * `args`: what a person would add after `npm start --`, e.g. `--no-seed`. `through`: `'bundle'` (the default) runs
 * the prebuilt bundle of the same entry point (support/prebuilt-baton.ts), `'tsx'` runs it exactly as `npm start`.
 */
export async function startBatonProcess(
  dataDir: string,
  env: Record<string, string> = {},
  args: string[] = [],
  through: 'bundle' | 'tsx' = 'bundle',
): Promise<BatonProcess> {
  const entry = through === 'tsx' ? ['--import', 'tsx', path.join(projectRoot, 'infra/local/main.ts')] : [await prebuiltMain()];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, BATON_DATA_DIR: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Baton did not start in 180 s:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Baton is running \(local mode\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Baton exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** An endpoint `npm start` printed for the person who started it, e.g. `DynamoDB Local   http://127.0.0.1:…`. */
export function printedEndpoint(baton: BatonProcess, label: 'DynamoDB Local' | 'Step Functions'): string {
  const match = new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(baton.output());
  if (!match?.[1]) throw new Error(`npm start printed no ${label} endpoint:\n${baton.output()}`);
  return match[1];
}

export function recordedJvmPid(dataDir: string): number {
  return (JSON.parse(readFileSync(path.join(dataDir, 'dynamodb.pid'), 'utf8')) as { pid: number }).pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntilGone(pid: number, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** Every live process whose command line mentions the folder: what a run left behind. */
export function processesUsing(folder: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder);
      } catch {
        return false;
      }
    });
}
