// The local identity's users and live refresh tokens, kept in the data folder
// (`identity/users.json`) so they survive restarts. Only the running runtime writes it: writes are
// queued one after the other and each replaces the file atomically.
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StaffGroup } from '#shared/http/caller.ts';
import { demoPassword, demoUsers } from '#infra/local/identity/demo-users.ts';

// scrypt runs on libuv's thread pool: a burst of sign-ins never blocks the event loop (scryptSync did).
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface StoredUser {
  username: string;
  /** Cognito's `sub`: the user's lasting id. */
  sub: string;
  groups: StaffGroup[];
  /** Cognito's `email` attribute: where Baton e-mails the person (their notification settings may name another). */
  email?: string;
  status: UserStatus;
  /** base64 salt and scrypt hash; absent until a password is set. */
  salt?: string;
  hash?: string;
  createdAt: string;
  updatedAt: string;
  /** SHA-256 of each live refresh token (never the token itself), with when it expires. */
  refreshTokens: Array<{ hash: string; expiresAt: number; originJti: string }>;
}

interface StoreFile {
  users: Record<string, StoredUser>;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

async function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(password, salt, 32);
}

export async function passwordFields(password: string): Promise<Pick<StoredUser, 'salt' | 'hash'>> {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), hash: (await hashPassword(password, salt)).toString('base64') };
}

/** Whether the password is the user's; hashes even without a user, so timing does not reveal who exists. */
export async function passwordMatches(user: StoredUser | undefined, password: string): Promise<boolean> {
  const salt = user?.salt ? Buffer.from(user.salt, 'base64') : randomBytes(16);
  const candidate = await hashPassword(password, salt);
  return user?.hash !== undefined && timingSafeEqual(candidate, Buffer.from(user.hash, 'base64'));
}

export interface UserStore {
  get(username: string): StoredUser | undefined;
  list(): StoredUser[];
  /** Applies a change to the users and writes the file; changes run one at a time. */
  update<T>(change: (users: Map<string, StoredUser>) => T | Promise<T>): Promise<T>;
}

async function demoUserRecords(): Promise<StoredUser[]> {
  const now = new Date().toISOString();
  return Promise.all(
    demoUsers.map(async (user) => ({
      username: user.username,
      sub: randomUUID(),
      groups: [...user.groups],
      email: user.email,
      status: 'CONFIRMED' as const,
      ...(await passwordFields(demoPassword)),
      createdAt: now,
      updatedAt: now,
      refreshTokens: [],
    })),
  );
}

/** Opens the data folder's users; on its first run the demo users are created (they can be removed like any other). */
export async function openUserStore(dataDir: string): Promise<UserStore> {
  const file = path.join(dataDir, 'identity', 'users.json');
  const users = new Map<string, StoredUser>();
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoreFile;
    for (const user of Object.values(stored.users)) users.set(user.username, user);
  }
  const write = () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const user of users.values()) user.refreshTokens = user.refreshTokens.filter((token) => token.expiresAt > nowSeconds);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ users: Object.fromEntries(users) } satisfies StoreFile), { mode: 0o600 });
    renameSync(temporary, file);
  };
  if (!existsSync(file)) {
    for (const user of await demoUserRecords()) users.set(user.username, user);
    write();
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: (username) => users.get(username),
    list: () => [...users.values()].sort((a, b) => a.username.localeCompare(b.username)),
    update(change) {
      const next = queue.then(async () => {
        const result = await change(users);
        write();
        return result;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
