// The staff session, one code path on both targets: the Cognito user pool API over its JSON protocol
// (InitiateAuth with USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, RevokeToken), called with plain fetch
// at the endpoint GET /api/auth/config names: Cognito on AWS, the local identity locally. The tokens
// are kept in localStorage, so a reload or a new tab stays signed in until the refresh token expires;
// signing out revokes the refresh token and forgets them (every tab of the browser is signed out).

interface IdentityConfig {
  endpoint: string;
  userPoolId: string;
  clientId: string;
}

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
}

interface AuthenticationResult {
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

/** A refusal by the user pool: `type` is Cognito's exception name (NotAuthorizedException, TooManyRequestsException…). */
export class SignInError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const storageKey = 'baton.session';
/** Refresh a little before expiry, so a request never leaves with a token about to lapse. */
const refreshMarginMs = 60_000;

let config: Promise<IdentityConfig> | undefined;

function identityConfig(): Promise<IdentityConfig> {
  config ??= fetch('/api/auth/config', { headers: { accept: 'application/json' } }).then(async (response) => {
    if (!response.ok) throw new SignInError('ConfigurationUnavailable', `GET /api/auth/config answered ${response.status}`);
    return (await response.json()) as IdentityConfig;
  });
  config.catch(() => {
    config = undefined;
  });
  return config;
}

async function cognito<T>(action: string, input: (config: IdentityConfig) => Record<string, unknown>): Promise<T> {
  const settings = await identityConfig();
  let response: Response;
  try {
    response = await fetch(settings.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
      body: JSON.stringify(input(settings)),
    });
  } catch {
    throw new SignInError('NetworkError', 'Network error');
  }
  const body = (await response.json().catch(() => ({}))) as { __type?: string; message?: string } & T;
  if (!response.ok) {
    // Cognito may write the type as "namespace#NotAuthorizedException".
    const type = (body.__type ?? response.headers.get('x-amzn-errortype') ?? `http_${response.status}`).split('#').pop()!.split(':')[0]!;
    throw new SignInError(type, body.message ?? response.statusText);
  }
  return body;
}

function read(): StoredSession | undefined {
  try {
    const text = localStorage.getItem(storageKey);
    return text ? (JSON.parse(text) as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

function save(result: AuthenticationResult, refreshToken: string): string {
  const session: StoredSession = { accessToken: result.AccessToken, refreshToken, expiresAt: Date.now() + result.ExpiresIn * 1000 };
  localStorage.setItem(storageKey, JSON.stringify(session));
  return session.accessToken;
}

function forget(): void {
  try {
    localStorage.removeItem(storageKey);
  } catch {
    // storage unavailable: nothing was kept
  }
}

export const hasSession = (): boolean => read() !== undefined;

export async function signIn(username: string, password: string): Promise<void> {
  const result = await cognito<{ AuthenticationResult?: AuthenticationResult; ChallengeName?: string }>('InitiateAuth', ({ clientId }) => ({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  }));
  // A challenge (NEW_PASSWORD_REQUIRED): an administrator has not made the password permanent yet.
  if (!result.AuthenticationResult?.RefreshToken) throw new SignInError(result.ChallengeName ?? 'Challenge', 'The user pool asks for more than a password.');
  save(result.AuthenticationResult, result.AuthenticationResult.RefreshToken);
}

let refreshing: Promise<string | undefined> | undefined;

async function refresh(session: StoredSession): Promise<string | undefined> {
  try {
    const result = await cognito<{ AuthenticationResult: AuthenticationResult }>('InitiateAuth', ({ clientId }) => ({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: session.refreshToken },
    }));
    return save(result.AuthenticationResult, result.AuthenticationResult.RefreshToken ?? session.refreshToken);
  } catch (error) {
    // Expired or revoked (signed out in another tab or everywhere): the session is over.
    if (error instanceof SignInError && error.type === 'NotAuthorizedException') {
      forget();
      return undefined;
    }
    throw error;
  }
}

/** The access token to send as the bearer, refreshed first when it is about to expire; undefined when signed out. */
export function accessToken(): Promise<string | undefined> {
  const session = read();
  if (!session) return Promise.resolve(undefined);
  if (session.expiresAt - Date.now() > refreshMarginMs) return Promise.resolve(session.accessToken);
  refreshing ??= refresh(session).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** Revokes the refresh token (it no longer works anywhere) and forgets the session. */
export async function signOut(): Promise<void> {
  const session = read();
  try {
    if (session) await cognito('RevokeToken', ({ clientId }) => ({ Token: session.refreshToken, ClientId: clientId }));
  } catch {
    // Offline or already revoked: forgetting the tokens still ends the session in this browser.
  } finally {
    forget();
  }
}
