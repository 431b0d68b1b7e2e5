// The local runtime's AWS identity: one region and account, and an access key generated per data folder
// on its first start. Baton's own clients sign with it; the local Step Functions endpoint refuses any
// other signature, and DynamoDB Local (without -sharedDb) keeps its database under this key id, so
// someone else on the machine who guesses the endpoint but not the key sees an empty database.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const localRegion = 'us-east-1';
export const localAccountId = '000000000000';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const credentialsFile = (dataDir: string): string => path.join(dataDir, 'credentials.json');

/** The data folder's key, created (owner-only, 0600) on its first start and the same on every restart. */
export function localCredentials(dataDir: string): LocalCredentials {
  const file = credentialsFile(dataDir);
  try {
    return readCredentials(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const created: LocalCredentials = {
    // Shaped like AWS's keys; DynamoDB Local names its database file after the key id, so letters and digits only.
    accessKeyId: `BATONLOCAL${randomBytes(10).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  try {
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Two starts racing on a fresh folder: the first file written wins (the lock refuses the second runtime anyway).
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readCredentials(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return created;
}

/** The key of an existing data folder, for tools run beside it (`npm run users`); never creates one. */
export function existingLocalCredentials(dataDir: string): LocalCredentials | undefined {
  try {
    return readCredentials(credentialsFile(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function readCredentials(file: string): LocalCredentials {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalCredentials>;
  if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
    throw new Error(`${file} holds no accessKeyId and secretAccessKey; remove it to have new credentials generated.`);
  }
  return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
}
