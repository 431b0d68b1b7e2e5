// Remembers which definitions the interpreter's validator accepted. The validator (asl-validator) builds and
// compiles its whole JSON schema with a new Ajv on every call: about half a second of CPU per state machine,
// most of a runtime's start-up (figures in tests/README.md). The same text under the same package version
// gets the same answer, so an accepted one is not validated again; a refused one always is.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildCacheFolder } from '#infra/local/build-cache.ts';

const folder = buildCacheFolder('baton-asl-accepted');
/** The installed interpreter and its own validator, e.g. `aws-local-stepfunctions@3.0.0 asl-validator@3.16.0`. */
const validatorVersion = (() => {
  const packageOf = (entry: string): string => {
    for (let folder = path.dirname(entry); folder !== path.dirname(folder); folder = path.dirname(folder)) {
      if (!existsSync(path.join(folder, 'package.json'))) continue;
      const { name, version } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (name && version) return `${name}@${version}`;
    }
    return entry;
  };
  const interpreter = createRequire(import.meta.url).resolve('aws-local-stepfunctions');
  return `${packageOf(interpreter)} ${packageOf(createRequire(interpreter).resolve('asl-validator'))}`;
})();
const acceptedHere = new Set<string>();

const keyOf = (definition: unknown): string => createHash('sha256').update(validatorVersion).update('\0').update(JSON.stringify(definition)).digest('hex');

/** Validates with `validate` unless this definition was accepted before (in this process or an earlier one). */
export function validateOnce(definition: unknown, validate: () => void): void {
  const key = keyOf(definition);
  if (acceptedHere.has(key) || existsSync(path.join(folder, key))) return;
  validate();
  acceptedHere.add(key);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, key), '');
  } catch {
    // a read-only install validates again next time; nothing else changes
  }
}
