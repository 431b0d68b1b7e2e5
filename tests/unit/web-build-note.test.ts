// The note of the last UI build (tests/support/web-build-cache.ts) holds for the clone it was made in, not for a copy
// of node_modules in another clone or worktree, whose web/dist may not exist.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, noteOfBuild } from '../support/web-build-cache.ts';

const roots: string[] = [];

/** A project folder with one UI source, and its built page when `built`. */
function clone(built: boolean): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baton-web-note-'));
  roots.push(root);
  mkdirSync(path.join(root, 'web/src'), { recursive: true });
  writeFileSync(path.join(root, 'web/src/page.ts'), 'export const page = 1;\n');
  if (built) {
    mkdirSync(path.join(root, 'web/dist'), { recursive: true });
    writeFileSync(path.join(root, 'web/dist/page.js'), 'const page=1;');
  }
  return root;
}

const buildIn = (root: string) => ({ inputs: [path.join(root, 'web/src/page.ts')], outputs: [path.join(root, 'web/dist/page.js')] });

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the note of the last UI build', () => {
  it('holds in the clone that built it while its sources and outputs are unchanged', () => {
    // Prepare
    const root = clone(true);
    // Act
    const note = noteOfBuild(root, buildIn(root));
    // Assess
    expect(buildIsCurrent(note, root)).toBe(true);
    writeFileSync(path.join(root, 'web/src/page.ts'), 'export const page = 2;\n');
    expect(buildIsCurrent(note, root)).toBe(false);
  });

  it('does not hold in another clone whose web/dist was never built, although its sources are the same', () => {
    // Prepare: node_modules (and the note in its .cache) copied from a built clone to a fresh one.
    const built = clone(true);
    const copied = clone(false);
    const note = JSON.parse(JSON.stringify(noteOfBuild(built, buildIn(built))));
    // Act, Assess
    expect(buildIsCurrent(note, copied)).toBe(false);
    // Once that clone has built its own pages, the same sources need no new build.
    mkdirSync(path.join(copied, 'web/dist'), { recursive: true });
    writeFileSync(path.join(copied, 'web/dist/page.js'), 'const page=1;');
    expect(buildIsCurrent(note, copied)).toBe(true);
  });

  it('a note in the older shape (absolute paths of whichever clone wrote it) never holds', () => {
    const built = clone(true);
    const older = { inputs: { [path.join(built, 'web/src/page.ts')]: 'any' }, outputs: [path.join(built, 'web/dist/page.js')] };
    expect(buildIsCurrent(older, built)).toBe(false);
    expect(buildIsCurrent(undefined, built)).toBe(false);
  });
});
