// Loads a handler module from the project the way Lambda would: by its entry file's `handler` export.
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { importEntry } from '#infra/local/lambda/import-entry.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const loaded = new Map<string, Promise<unknown>>();

export async function loadHandler<Handler>(entry: string): Promise<Handler> {
  let module = loaded.get(entry);
  if (!module) {
    module = importEntry(pathToFileURL(path.join(projectRoot, entry)).href);
    loaded.set(entry, module);
  }
  const { handler } = (await module) as { handler?: Handler };
  if (typeof handler !== 'function') throw new Error(`${entry} does not export a handler function.`);
  return handler;
}
