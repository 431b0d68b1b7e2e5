// The browser UI is built once for a run, not once per browser test file: a build leaves a note of every file it read
// (esbuild's metafile: web/src, the shared modules and the packages it bundled, plus web/build.ts) with their hashes, and
// the next file to ask skips the build when none of them changed and everything it wrote is still in web/dist.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCacheFolder } from '#infra/local/build-cache.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';
import { buildWeb } from '../../web/build.ts';

const noteFile = path.join(buildCacheFolder('baton-web-build'), 'last-build.json');
const buildScript = path.join(projectRoot, 'web/build.ts');

interface BuildNote {
  inputs: Record<string, string>;
  outputs: string[];
}

const hashOf = (file: string): string | undefined => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined);

function upToDate(): boolean {
  let note: BuildNote;
  try {
    note = JSON.parse(readFileSync(noteFile, 'utf8')) as BuildNote;
  } catch {
    return false;
  }
  return Object.entries(note.inputs).every(([file, hash]) => hashOf(file) === hash) && note.outputs.every((file) => existsSync(file));
}

/** Builds web/dist unless the last build read exactly the files there are now. */
export async function buildWebUnlessUnchanged(): Promise<void> {
  if (upToDate()) return;
  const { inputs, outputs } = await buildWeb();
  const note: BuildNote = { inputs: Object.fromEntries([...inputs, buildScript].map((file) => [file, hashOf(file) ?? ''])), outputs };
  mkdirSync(path.dirname(noteFile), { recursive: true });
  const temporary = `${noteFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(note));
  renameSync(temporary, noteFile);
}
