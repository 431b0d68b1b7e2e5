// The data folder holds the local key, the identity's signing key, customer data and task tokens: only
// the OS user running Baton may read it. New files are owner-only by umask (inherited by the DynamoDB
// Local JVM); files an older version left readable are narrowed on start.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Everything this process (and any child it spawns) creates from now on: no group or other bits. */
export function createOwnerOnly(): void {
  process.umask(0o077);
}

/** The folder 0700 and everything in it 0700 (folders) or 0600 (files); symbolic links are left alone. */
export function restrictToOwner(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const narrow = (entry: string) => {
    const stats = lstatSync(entry);
    if (stats.isSymbolicLink()) return;
    if (stats.isDirectory()) {
      chmodSync(entry, 0o700);
      for (const child of readdirSync(entry)) narrow(path.join(entry, child));
    } else if ((stats.mode & 0o077) !== 0) {
      chmodSync(entry, stats.mode & 0o700);
    }
  };
  narrow(folder);
}
