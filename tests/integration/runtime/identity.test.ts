// The local identity speaks the Cognito user pool protocol: driven here through the real AWS SDK
// client (as `npm run users` and, with plain fetch, the browser drive it), against the real local
// server, with the tokens it issues checked by the staff routes as API Gateway's JWT authorizer does.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIdentityClient, startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { localClientId, localUserPoolId } from '#infra/local/identity/identity-endpoint.ts';
import { localIdentityIssuer } from '#infra/local/runtime.ts';

let baton: TestBaton;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  baton = await startTestBaton();
  cognito = localIdentityClient(baton.url, baton.credentials);
});
afterAll(async () => {
  cognito.destroy();
  await baton.dispose();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

const signIn = (USERNAME: string, PASSWORD = 'baton', client = cognito) =>
  client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: localClientId, AuthParameters: { USERNAME, PASSWORD } }));
const refresh = (REFRESH_TOKEN: string) =>
  cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: localClientId, AuthParameters: { REFRESH_TOKEN } }));

/** The SDK's error for a refused call, so assertions read its Cognito exception name. */
async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, message: failure.message, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('The call was expected to be refused, and it succeeded.');
}

/** A raw call to the endpoint, for what the SDK would never send. */
function rawCall(action: string, body: unknown, query = '') {
  return baton.request('POST', `/api/auth/cognito/${query}`, {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    rawBody: JSON.stringify(body),
  });
}

async function signWithStoredKey(claims: Record<string, unknown>, expiresAt: number) {
  const stored = JSON.parse(readFileSync(path.join(baton.dataDir, 'identity', 'signing-key.json'), 'utf8'));
  const key = await importJWK(stored.privateJwk, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: stored.privateJwk.kid })
    .setIssuer(localIdentityIssuer)
    .setIssuedAt(expiresAt - 3600)
    .setExpirationTime(expiresAt)
    .sign(key);
}

describe('signing in with a password (USER_PASSWORD_AUTH)', () => {
  it('every demo user signs in with the demo password, and the staff routes take the access token or the ID token', async () => {
    // Prepare
    const expected: Record<string, string[]> = {
      sales: ['sales'], sales2: ['sales'], production: ['production'], production2: ['production'],
      service: ['service'], service2: ['service'], manager: ['managers'],
    };
    for (const [username, groups] of Object.entries(expected)) {
      // Act
      const { AuthenticationResult: tokens } = await signIn(username);
      // Assess
      for (const token of [tokens!.AccessToken!, tokens!.IdToken!]) {
        const me = await baton.request('GET', '/api/me', { token });
        expect({ username, status: me.status, body: me.body }).toEqual({ username, status: 200, body: { username, groups } });
      }
    }
  });

  it('issues Cognito’s token shapes: an ID token for the client, an access token naming the client, a refresh token', async () => {
    // Act
    const { AuthenticationResult: tokens } = await signIn('production');
    // Assess
    expect(tokens).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600, RefreshToken: expect.any(String) });
    const id = claimsOf(tokens!.IdToken!);
    const access = claimsOf(tokens!.AccessToken!);
    expect(JSON.parse(Buffer.from(tokens!.IdToken!.split('.')[0]!, 'base64url').toString('utf8')).alg).toBe('RS256');
    expect(id).toMatchObject({ token_use: 'id', aud: localClientId, iss: localIdentityIssuer, 'cognito:username': 'production', 'cognito:groups': ['production'] });
    expect(access).toMatchObject({ token_use: 'access', client_id: localClientId, username: 'production', 'cognito:groups': ['production'], sub: id.sub });
    expect(access).not.toHaveProperty('aud');
    expect(access.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('a wrong password and an unknown user get the same NotAuthorizedException, which does not reveal who exists', async () => {
    // Act
    const wrongPassword = await refusal(signIn('sales', 'wrong'));
    const unknownUser = await refusal(signIn('nobody', 'baton'));
    // Assess
    expect(wrongPassword).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.', status: 400 });
    expect(unknownUser).toEqual(wrongPassword);
  });

  it('password sign-ins are rate-limited per client address (TooManyRequestsException, 429), other addresses unaffected', async () => {
    // Prepare: a client on another loopback address, and a small limit for this test only
    const previous = process.env.BATON_RATE_LIMIT_SIGN_IN;
    process.env.BATON_RATE_LIMIT_SIGN_IN = '3/120';
    const from = (localAddress: string) =>
      new CognitoIdentityProviderClient({
        endpoint: `${baton.url}/api/auth/cognito`,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: { httpAgent: new Agent({ localAddress } as ConstructorParameters<typeof Agent>[0]) },
      });
    const hammering = from('127.0.0.31');
    const other = from('127.0.0.32');
    try {
      // Act
      const attempts = [await refusal(signIn('sales', 'guess-1', hammering)), await refusal(signIn('sales', 'guess-2', hammering)), await signIn('sales', 'baton', hammering)];
      const limited = await refusal(signIn('sales', 'baton', hammering));
      // Assess
      expect(attempts.slice(0, 2).map((attempt) => (attempt as { name: string }).name)).toEqual(['NotAuthorizedException', 'NotAuthorizedException']);
      expect(limited).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
      expect((await signIn('sales', 'baton', other)).AuthenticationResult?.AccessToken).toBeDefined();
    } finally {
      if (previous === undefined) delete process.env.BATON_RATE_LIMIT_SIGN_IN;
      else process.env.BATON_RATE_LIMIT_SIGN_IN = previous;
      hammering.destroy();
      other.destroy();
    }
  });
});

describe('refresh and sign-out', () => {
  it('a refresh token gives new access and ID tokens; once revoked it no longer works', async () => {
    // Prepare
    const { AuthenticationResult: tokens } = await signIn('service');
    // Act
    const refreshed = await refresh(tokens!.RefreshToken!);
    await cognito.send(new RevokeTokenCommand({ Token: tokens!.RefreshToken!, ClientId: localClientId }));
    const afterRevoke = await refusal(refresh(tokens!.RefreshToken!));
    // Assess
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect((await baton.request('GET', '/api/me', { token: refreshed.AuthenticationResult!.AccessToken! })).body).toEqual({ username: 'service', groups: ['service'] });
    expect(afterRevoke).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('GlobalSignOut ends every session of the user, and an unknown refresh token is refused', async () => {
    // Prepare
    const first = (await signIn('service2')).AuthenticationResult!;
    const second = (await signIn('service2')).AuthenticationResult!;
    // Act
    await cognito.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken! }));
    // Assess
    expect(await refusal(refresh(first.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await refusal(refresh(second.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await refusal(refresh('not-a-refresh-token'))).toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('the admin actions of `npm run users`', () => {
  it('creates a user with a password and a group; the user signs in with that group, is listed, and after deletion can neither sign in nor refresh', async () => {
    // Prepare
    const UserPoolId = localUserPoolId;
    const Username = 'lin.chen';
    const Password = 'Correct-Horse-42';
    // Act
    const created = await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
    const beforePassword = await refusal(signIn(Username, Password));
    const weak = await refusal(cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: 'short', Permanent: true })));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
    const unknownGroup = await refusal(cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'admins' })));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'sales' }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'managers' }));
    await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: 'sales' }));
    const tokens = (await signIn(Username, Password)).AuthenticationResult!;
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }));
    const listed = await cognito.send(new ListUsersCommand({ UserPoolId }));
    const again = await refusal(cognito.send(new AdminCreateUserCommand({ UserPoolId, Username })));
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username }));
    // Assess
    expect(created.User).toMatchObject({ Username, UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(beforePassword.name).toBe('NotAuthorizedException');
    expect(weak.name).toBe('InvalidPasswordException');
    expect(unknownGroup.name).toBe('ResourceNotFoundException');
    expect((await baton.request('GET', '/api/me', { token: tokens.AccessToken! })).body).toEqual({ username: Username, groups: ['managers'] });
    expect(groups.Groups?.map((group) => group.GroupName)).toEqual(['managers']);
    expect(listed.Users?.map((user) => user.Username)).toEqual(expect.arrayContaining([Username, 'manager', 'sales']));
    expect(listed.Users?.find((user) => user.Username === Username)?.UserStatus).toBe('CONFIRMED');
    expect(again.name).toBe('UsernameExistsException');
    expect((await refusal(signIn(Username, Password))).name).toBe('NotAuthorizedException');
    expect((await refusal(refresh(tokens.RefreshToken!))).name).toBe('NotAuthorizedException');
    expect((await refusal(cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username })))).name).toBe('UserNotFoundException');
  });

  it('are refused unless signed with the data folder’s key, as Cognito refuses them without IAM credentials, and change nothing', async () => {
    // Prepare: a caller with made-up credentials, and one with the right key id but a guessed secret
    const madeUp = localIdentityClient(baton.url, { accessKeyId: 'AKIAMADEUP', secretAccessKey: 'guess' });
    const guessed = localIdentityClient(baton.url, { accessKeyId: baton.credentials.accessKeyId, secretAccessKey: 'guess' });
    const create = (client: typeof cognito) =>
      client.send(new AdminCreateUserCommand({ UserPoolId: localUserPoolId, Username: 'intruder', TemporaryPassword: 'Intruder-Pass-1' }));
    // Act
    const refusals = [await refusal(create(madeUp)), await refusal(create(guessed)), await refusal(madeUp.send(new ListUsersCommand({ UserPoolId: localUserPoolId })))];
    const unsigned = await rawCall('AdminCreateUser', { UserPoolId: localUserPoolId, Username: 'intruder' });
    // Assess
    expect(refusals.map((refused) => refused.name)).toEqual(['UnrecognizedClientException', 'InvalidSignatureException', 'UnrecognizedClientException']);
    expect({ status: unsigned.status, type: unsigned.body.__type }).toEqual({ status: 400, type: 'MissingAuthenticationTokenException' });
    const listed = await cognito.send(new ListUsersCommand({ UserPoolId: localUserPoolId }));
    expect(listed.Users?.map((user) => user.Username)).not.toContain('intruder');
    madeUp.destroy();
    guessed.destroy();
  });

  it('a user with only a temporary password is asked for a new one (NEW_PASSWORD_REQUIRED), not signed in', async () => {
    // Prepare
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: localUserPoolId, Username: 'temp.user', TemporaryPassword: 'Temporary-Pass-1' }));
    // Act
    const answer = await signIn('temp.user', 'Temporary-Pass-1');
    // Assess
    expect(answer.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(answer.AuthenticationResult).toBeUndefined();
  });
});

describe('strict parsing of the sign-in endpoint', () => {
  it('an unknown query parameter, an unknown field, a missing one or an unknown client is refused by name and signs no one in', async () => {
    // Prepare
    const good = { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: localClientId, AuthParameters: { USERNAME: 'manager', PASSWORD: 'baton' } };
    // Act
    const query = await rawCall('InitiateAuth', good, '?admin=1');
    const extraField = await rawCall('InitiateAuth', { ...good, Admin: true });
    const extraParameter = await rawCall('InitiateAuth', { ...good, AuthParameters: { ...good.AuthParameters, GROUP: 'managers' } });
    const missing = await rawCall('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: localClientId, AuthParameters: { USERNAME: 'manager' } });
    const otherClient = await rawCall('InitiateAuth', { ...good, ClientId: 'someone-else' });
    const unknownAction = await rawCall('AdminDisableProvider', {});
    const wrongType = await baton.request('POST', '/api/auth/cognito/', { body: good, headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' } });
    // Assess
    expect([query, extraField, extraParameter, missing, otherClient, unknownAction, wrongType].map((response) => response.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(query.body).toEqual({ __type: 'InvalidParameterException', message: expect.stringContaining('admin') });
    expect(extraField.body).toEqual({ __type: 'InvalidParameterException', message: expect.stringContaining('Unknown field Admin') });
    expect(extraParameter.body.message).toContain('Unknown field AuthParameters.GROUP');
    expect(missing.body.message).toContain('AuthParameters.PASSWORD');
    expect(otherClient.body.__type).toBe('ResourceNotFoundException');
    expect(unknownAction.body.__type).toBe('UnknownOperationException');
    expect(wrongType.body.message).toContain('Content-Type');
    expect(query.headers.get('x-amzn-errortype')).toBe('InvalidParameterException');
  });
});

describe('the staff routes check tokens as API Gateway’s JWT authorizer does', () => {
  it('refuse a missing, expired, forged, tampered, alg:none or other-audience token with 401', async () => {
    // Prepare
    const good = (await signIn('sales')).AuthenticationResult!.AccessToken!;
    const [header, payload, signature] = good.split('.');
    const claims = claimsOf(good);
    const expired = await signWithStoredKey({ ...claims, exp: undefined, iat: undefined, iss: undefined }, Math.floor(Date.now() / 1000) - 60);
    const otherAudience = await signWithStoredKey({ ...claims, client_id: 'another-client', exp: undefined, iat: undefined, iss: undefined }, Math.floor(Date.now() / 1000) + 600);
    const otherKey = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ ...claims, 'cognito:groups': ['managers'] })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')).kid })
      .sign(otherKey);
    const tampered = `${header}.${base64url({ ...claims, 'cognito:groups': ['managers'] })}.${signature}`;
    const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, 'cognito:groups': ['managers'] })}.`;
    const cases = { missing: undefined, expired, otherAudience, forged, tampered, algNone, garbage: 'not-a-token' };
    expect(payload).toBeDefined();
    for (const [name, token] of Object.entries(cases)) {
      // Act
      const response = await baton.request('GET', '/api/me', { token });
      // Assess
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect((await baton.request('GET', '/api/me', { token: good })).status).toBe(200);
  });

  it('serves its public JWKS and never a private key part', async () => {
    const response = await fetch(`${baton.url}/.well-known/jwks.json`);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('tells the browser where to sign in, as the AWS stack does for Cognito', async () => {
    const response = await baton.request('GET', '/api/auth/config');
    expect(response.body).toEqual({ endpoint: '/api/auth/cognito/', userPoolId: localUserPoolId, clientId: localClientId });
  });
});
