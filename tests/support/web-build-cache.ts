// The browser UI is built once for a run, not once per browser test file: a build leaves a note of every file it read
// (esbuild's metafile: web/src, the shared modules and the packages it bundled, plus web/build.ts) with their hashes, and
// the next file to ask skips the build when none of them changed and everything it wrote is still in web/dist.
// The note names files relative to the project root: node_modules (and its .cache with the note) is copied between
// clones and worktrees, and a note naming another clone's web/dist said "built" while this clone's web/dist was
// missing (every page then answered 404 and every browser test waited out its timeout on the sign-in form).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCacheFolder } from '#infra/local/build-cache.ts';
import { projectRoot } from '#infra/aws/project-paths.ts';
import { buildWeb, type WebBuild } from '../../web/build.ts';

const noteFile = path.join(buildCacheFolder('baton-web-build'), 'last-build.json');
const buildScript = path.join(projectRoot, 'web/build.ts');

/** What a build read (with each file's hash) and wrote, every path relative to the project root. */
export interface BuildNote {
  relativeInputs: Record<string, string>;
  relativeOutputs: string[];
}

const hashOf = (file: string): string | undefined => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined);

/** The note of a build made under `root` (its inputs and outputs as absolute paths under that root). */
export function noteOfBuild(root: string, build: WebBuild): BuildNote {
  return {
    relativeInputs: Object.fromEntries(build.inputs.map((file) => [path.relative(root, file), hashOf(file) ?? ''])),
    relativeOutputs: build.outputs.map((file) => path.relative(root, file)),
  };
}

/** Whether the build a note describes is what `root` holds now: same inputs, every output present (a note in an older shape never is). */
export function buildIsCurrent(note: unknown, root: string): boolean {
  const { relativeInputs, relativeOutputs } = (note ?? {}) as Partial<BuildNote>;
  if (!relativeInputs || !Array.isArray(relativeOutputs) || relativeOutputs.length === 0) return false;
  return (
    Object.entries(relativeInputs).every(([file, hash]) => hashOf(path.resolve(root, file)) === hash) &&
    relativeOutputs.every((file) => existsSync(path.resolve(root, file)))
  );
}

function lastNote(): unknown {
  try {
    return JSON.parse(readFileSync(noteFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Builds web/dist unless the last build read exactly the files there are now and its outputs are all there. */
export async function buildWebUnlessUnchanged(): Promise<void> {
  if (buildIsCurrent(lastNote(), projectRoot)) return;
  const build = await buildWeb();
  const note = noteOfBuild(projectRoot, { ...build, inputs: [...build.inputs, buildScript] });
  mkdirSync(path.dirname(noteFile), { recursive: true });
  const temporary = `${noteFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(note));
  renameSync(temporary, noteFile);
}
