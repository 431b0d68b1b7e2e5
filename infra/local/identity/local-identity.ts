// Local identity provider: issues RS256 JWTs with Cognito-style claims and verifies them against
// its JWKS, as API Gateway's JWT authorizer does with a Cognito user pool.
import { randomUUID, scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { demoPassword, demoUsers } from '#infra/local/identity/demo-users.ts';

export const localAudience = 'baton-local';
const tokenLifetime = '8h';

export interface LocalIdentity {
  issuer: string;
  jwks: { keys: JWK[] };
  login(username: string, password: string): Promise<string | undefined>;
  /** Verified claims, or undefined for a missing, forged, expired or otherwise bad token. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The signing key is kept in the data folder, so tokens stay valid across restarts. */
async function loadOrCreateKey(dataDir: string): Promise<StoredKey> {
  const file = path.join(dataDir, 'identity', 'signing-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const stored: StoredKey = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32);
}

export async function createLocalIdentity(options: { dataDir: string; issuer: string }): Promise<LocalIdentity> {
  const key = await loadOrCreateKey(options.dataDir);
  const signingKey = await importJWK(key.privateJwk, 'RS256');
  const jwks = { keys: [key.publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  const users = new Map(
    demoUsers.map((user) => {
      const salt = randomBytes(16);
      return [user.username, { ...user, salt, hash: hashPassword(demoPassword, salt) }] as const;
    }),
  );

  return {
    issuer: options.issuer,
    jwks,
    async login(username, password) {
      const user = users.get(username);
      // Hash even for unknown users, so timing does not reveal which usernames exist.
      const candidate = hashPassword(password, user?.salt ?? randomBytes(16));
      if (!user || !timingSafeEqual(candidate, user.hash)) return undefined;
      return new SignJWT({ 'cognito:username': user.username, 'cognito:groups': user.groups, token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid })
        .setSubject(user.username)
        .setIssuer(options.issuer)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(tokenLifetime)
        .sign(signingKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: localAudience,
          algorithms: ['RS256'],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}

let active: LocalIdentity | undefined;

export function useLocalIdentity(identity: LocalIdentity): void {
  active = identity;
}

export function localIdentity(): LocalIdentity {
  if (!active) throw new Error('The local identity is not running.');
  return active;
}
