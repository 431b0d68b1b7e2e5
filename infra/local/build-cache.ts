// Work the local runtime does once per machine rather than on every start (a compiled launcher, definitions
// already validated), kept where npm tools keep theirs: under node_modules/.cache, gone with a fresh install.
import path from 'node:path';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';

export const buildCacheFolder = (name: string): string => path.join(projectRoot, 'node_modules', '.cache', name);
