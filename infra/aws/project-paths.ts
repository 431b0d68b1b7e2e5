// Where the CDK app finds the project's sources: handlers, ASL files and the built web UI.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const projectPaths = {
  lockFile: path.join(projectRoot, 'package-lock.json'),
  workflows: path.join(projectRoot, 'workflows'),
  webDist: path.join(projectRoot, 'web', 'dist'),
} as const;

/** A handler's entry as the route and step tables name it (relative to the root) made absolute. */
export const entryPath = (entry: string) => path.join(projectRoot, entry);
