// Local identity provider: the local stand-in for a Cognito user pool and its public web client.
// It signs users in and refreshes and revokes their sessions with Cognito's token shapes (RS256 ID
// token with `aud` = client id, access token with `client_id`, opaque refresh token), and verifies
// tokens as API Gateway's JWT authorizer does. The protocol in front of it: cognito-endpoint.ts.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { accessTokenMinutes, idTokenMinutes, refreshTokenHours } from '#shared/auth/staff-sign-in.ts';
import { IdentityError, wrongCredentials } from '#infra/local/identity/identity-errors.ts';
import { openUserStore, passwordMatches, tokenHash, type StoredUser, type UserStore } from '#infra/local/identity/user-store.ts';
import { localClientId } from '#infra/local/identity/identity-endpoint.ts';

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export interface LocalIdentity {
  issuer: string;
  jwks: { keys: JWK[] };
  users: UserStore;
  /** USER_PASSWORD_AUTH: tokens, or NotAuthorizedException for an unknown user or a wrong password alike. */
  signIn(username: string, password: string): Promise<AuthenticationResult | { challenge: 'NEW_PASSWORD_REQUIRED'; username: string }>;
  /** REFRESH_TOKEN_AUTH: new access and ID tokens (the user's groups as they are now). */
  refresh(refreshToken: string): Promise<AuthenticationResult>;
  /** RevokeToken: the refresh token no longer works. Unknown tokens are ignored, as Cognito does. */
  revoke(refreshToken: string): Promise<void>;
  /** GlobalSignOut: every refresh token of the access token's user stops working. */
  signOutEverywhere(accessToken: string): Promise<void>;
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

const nowSeconds = () => Math.floor(Date.now() / 1000);
const invalidRefreshToken = () => new IdentityError('NotAuthorizedException', 'Invalid Refresh Token');

export async function createLocalIdentity(options: { dataDir: string; issuer: string }): Promise<LocalIdentity> {
  const key = await loadOrCreateKey(options.dataDir);
  const signingKey = await importJWK(key.privateJwk, 'RS256');
  const jwks = { keys: [key.publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  const users = await openUserStore(options.dataDir);

  const sign = (claims: JWTPayload, minutes: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid })
      .setSubject(claims.sub!)
      .setIssuer(options.issuer)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(nowSeconds() + minutes * 60)
      .sign(signingKey);

  /** The same claims Cognito puts in each token (no `cognito:groups` when the user has none). */
  async function tokensFor(user: StoredUser, originJti: string, authTime: number): Promise<AuthenticationResult> {
    const common = {
      sub: user.sub,
      ...(user.groups.length > 0 ? { 'cognito:groups': user.groups } : {}),
      origin_jti: originJti,
      event_id: randomUUID(),
      auth_time: authTime,
    };
    const [IdToken, AccessToken] = await Promise.all([
      sign({ ...common, aud: localClientId, token_use: 'id', 'cognito:username': user.username }, idTokenMinutes),
      sign({ ...common, client_id: localClientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: user.username }, accessTokenMinutes),
    ]);
    return { AccessToken, IdToken, ExpiresIn: accessTokenMinutes * 60, TokenType: 'Bearer' };
  }

  /** API Gateway's JWT authorizer: issuer, signature, expiry, and `aud` (or, without one, `client_id`) among the audiences. */
  async function verify(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer: options.issuer, algorithms: ['RS256'] });
      const audience = payload.aud ?? payload.client_id;
      const audiences = Array.isArray(audience) ? audience : [audience];
      return audiences.includes(localClientId) ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  function ownerOf(refreshToken: string): StoredUser | undefined {
    const hash = tokenHash(refreshToken);
    return users.list().find((user) => user.refreshTokens.some((token) => token.hash === hash && token.expiresAt > nowSeconds()));
  }

  return {
    issuer: options.issuer,
    jwks,
    users,
    async signIn(username, password) {
      const user = users.get(username);
      if (!(await passwordMatches(user, password)) || !user) throw wrongCredentials();
      if (user.status === 'FORCE_CHANGE_PASSWORD') return { challenge: 'NEW_PASSWORD_REQUIRED', username: user.username };
      const refreshToken = randomBytes(48).toString('base64url');
      const originJti = randomUUID();
      await users.update(() => {
        user.refreshTokens.push({ hash: tokenHash(refreshToken), expiresAt: nowSeconds() + refreshTokenHours * 3600, originJti });
      });
      return { ...(await tokensFor(user, originJti, nowSeconds())), RefreshToken: refreshToken };
    },
    async refresh(refreshToken) {
      const user = ownerOf(refreshToken);
      const stored = user?.refreshTokens.find((token) => token.hash === tokenHash(refreshToken));
      if (!user || !stored) throw invalidRefreshToken();
      return tokensFor(user, stored.originJti, nowSeconds());
    },
    async revoke(refreshToken) {
      const user = ownerOf(refreshToken);
      if (!user) return;
      const hash = tokenHash(refreshToken);
      await users.update(() => {
        user.refreshTokens = user.refreshTokens.filter((token) => token.hash !== hash);
      });
    },
    async signOutEverywhere(accessToken) {
      const claims = await verify(accessToken);
      const user = claims?.token_use === 'access' && typeof claims.username === 'string' ? users.get(claims.username) : undefined;
      if (!user) throw new IdentityError('NotAuthorizedException', 'Invalid Access Token');
      await users.update(() => {
        user.refreshTokens = [];
      });
    },
    verify,
  };
}

let active: LocalIdentity | undefined;
// The identity of the runtime whose request is in hand (two runtimes may share a process); else the newest one started.
const invocation = new AsyncLocalStorage<LocalIdentity>();

export function useLocalIdentity(identity: LocalIdentity): void {
  active = identity;
}

export const withLocalIdentity = <T>(identity: LocalIdentity, work: () => T): T => invocation.run(identity, work);

export function localIdentity(): LocalIdentity {
  const identity = invocation.getStore() ?? active;
  if (!identity) throw new Error('The local identity is not running.');
  return identity;
}
