// The Baton stack's template for CDK assertion tests: synthesized in a child process (tests/infra/support/synth-stack.ts),
// several stacks per process, and kept on disk keyed by a hash of everything a synth reads (the props, the project's
// sources, cdk.json, the lock file, the built UI). A stack two test files assert on is synthesized once per run, and not
// at all when nothing it reads has changed since the last run. Each synth still runs exactly as `cdk synth` does, bundling
// aside: these tests read the template, never the bundles (tests/infra/deployed-bundles.test.ts runs those).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import type { BatonStackProps } from '#infra/aws/baton-stack.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';
import { buildCacheFolder } from '#infra/local/build-cache.ts';

const run = promisify(execFile);
const cacheDir = buildCacheFolder('baton-synth');
const synthScript = path.join(projectRoot, 'tests/infra/support/synth-stack.ts');

/** What a synth reads besides its props. A folder is read whole; a missing one (web/dist before a UI build) counts as empty. */
const synthInputs = ['infra', 'shared', 'functions', 'workflows', 'tests/infra/fixtures', 'tests/infra/support/synth-stack.ts', 'cdk.json', 'package-lock.json', 'patches', 'web/dist'];

/** A synth's outcome as the child reports it: the template, or the message a refused synth threw. */
export type SynthOutcome = { template: Record<string, unknown> } | { error: string };

function hashTree(hash: ReturnType<typeof createHash>, relative: string): void {
  const absolute = path.join(projectRoot, relative);
  if (!existsSync(absolute)) return;
  if (statSync(absolute).isDirectory()) {
    for (const name of readdirSync(absolute).sort()) hashTree(hash, path.join(relative, name));
    return;
  }
  hash.update(`${relative}\0`).update(readFileSync(absolute)).update('\0');
}

let sourcesHash: string | undefined;
function keyOf(props: BatonStackProps): string {
  if (!sourcesHash) {
    const hash = createHash('sha256');
    for (const input of synthInputs) hashTree(hash, input);
    sourcesHash = hash.digest('hex');
  }
  return createHash('sha256').update(sourcesHash).update(JSON.stringify(props)).digest('hex').slice(0, 32);
}

const resultFile = (key: string) => path.join(cacheDir, `${key}.json`);
const lockFile = (key: string) => path.join(cacheDir, `${key}.lock`);

function readOutcome(key: string): SynthOutcome | undefined {
  try {
    return JSON.parse(readFileSync(resultFile(key), 'utf8')) as SynthOutcome;
  } catch {
    return undefined;
  }
}

/** Takes the right to synthesize this key; false while another process holds it (a holder that died loses it). */
function tryLock(key: string): boolean {
  try {
    closeSync(openSync(lockFile(key), 'wx'));
    writeFileSync(lockFile(key), String(process.pid));
    return true;
  } catch {
    // Held: by a live process, or left behind by one that died (its pid no longer runs, or it died before writing it).
    try {
      const holder = Number(readFileSync(lockFile(key), 'utf8'));
      const abandoned = holder ? !isAlive(holder) : Date.now() - statSync(lockFile(key)).mtimeMs > 10_000;
      if (abandoned) rmSync(lockFile(key), { force: true });
    } catch {
      // released meanwhile: the next round reads the outcome or takes the lock
    }
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Outcomes of sources long changed are of no use: a day after they were written they go. */
function forgetOldOutcomes(): void {
  for (const name of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (name.endsWith('.json') && Date.now() - statSync(file).mtimeMs > 86_400_000) rmSync(file, { force: true });
  }
}

async function synthesizeInChild(props: BatonStackProps[]): Promise<SynthOutcome[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', synthScript, JSON.stringify(props)], { cwd: projectRoot, maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(stdout) as SynthOutcome[];
}

/**
 * The outcome of synthesizing each props, in order: from the cache, from another test process that is synthesizing the
 * same stack right now (polled), or from one child process that synthesizes all the missing ones.
 */
export async function synthesizeStacks(propsList: BatonStackProps[]): Promise<SynthOutcome[]> {
  mkdirSync(cacheDir, { recursive: true });
  const keys = propsList.map(keyOf);
  const outcomes = new Map<string, SynthOutcome>();
  for (;;) {
    const missing = keys.filter((key) => !outcomes.has(key));
    if (missing.length === 0) return keys.map((key) => outcomes.get(key)!);
    for (const key of missing) {
      const cached = readOutcome(key);
      if (cached) outcomes.set(key, cached);
    }
    const mine = [...new Set(keys.filter((key) => !outcomes.has(key)))].filter(tryLock);
    if (mine.length > 0) {
      try {
        const synthesized = await synthesizeInChild(mine.map((key) => propsList[keys.indexOf(key)]!));
        mine.forEach((key, index) => {
          const temporary = `${resultFile(key)}.${process.pid}.tmp`;
          writeFileSync(temporary, JSON.stringify(synthesized[index]));
          renameSync(temporary, resultFile(key));
          outcomes.set(key, synthesized[index]!);
        });
      } finally {
        for (const key of mine) rmSync(lockFile(key), { force: true });
      }
      forgetOldOutcomes();
    } else if (keys.some((key) => !outcomes.has(key))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The template of one stack; a refused synth rejects with the message it threw. */
export async function synthesizedTemplate(props: BatonStackProps = {}): Promise<Template> {
  const [outcome] = await synthesizeStacks([props]);
  return templateOf(outcome!);
}

export function templateOf(outcome: SynthOutcome): Template {
  if ('error' in outcome) throw new Error(outcome.error);
  return Template.fromJSON(outcome.template);
}
