import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { localAudience } from '#infra/local/identity/local-identity.ts';
import { localIdentityIssuer } from '#infra/local/runtime.ts';

let baton: TestBaton;

beforeAll(async () => {
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function signWithStoredKey(claims: Record<string, unknown>, expiresAt: number) {
  const stored = JSON.parse(readFileSync(path.join(baton.dataDir, 'identity', 'signing-key.json'), 'utf8'));
  const key = await importJWK(stored.privateJwk, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: stored.privateJwk.kid })
    .setIssuer(localIdentityIssuer)
    .setAudience(localAudience)
    .setIssuedAt(expiresAt - 3600)
    .setExpirationTime(expiresAt)
    .sign(key);
}

describe('local identity', () => {
  it('every demo user signs in with the demo password and is told their groups', async () => {
    // Prepare
    const expected: Record<string, string[]> = {
      sales: ['sales'], sales2: ['sales'], production: ['production'], production2: ['production'],
      service: ['service'], service2: ['service'], manager: ['managers'],
    };
    for (const [username, groups] of Object.entries(expected)) {
      // Act
      const token = await baton.login(username);
      const me = await baton.request('GET', '/api/me', { token });
      // Assess
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ username, groups });
    }
  });

  it('issues RS256 tokens with Cognito-style group claims', async () => {
    // Act
    const token = await baton.login('production');
    // Assess
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header.alg).toBe('RS256');
    expect(payload['cognito:groups']).toEqual(['production']);
    expect(payload['cognito:username']).toBe('production');
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('a wrong password or unknown user is refused with 401 and no token', async () => {
    for (const body of [{ username: 'sales', password: 'wrong' }, { username: 'nobody', password: 'baton' }]) {
      const response = await baton.request('POST', '/api/auth/login', { body });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect(response.body.token).toBeUndefined();
    }
  });

  it('a login body with a missing or unknown field is a 400 naming the field', async () => {
    const response = await baton.request('POST', '/api/auth/login', { body: { username: 'sales', pass: 'baton' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['pass', 'password']);
  });

  it('staff routes refuse a missing, expired, forged, tampered or alg:none token with 401', async () => {
    // Prepare
    const good = await baton.login('sales');
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const expired = await signWithStoredKey({ 'cognito:username': 'sales', 'cognito:groups': ['sales'] }, Math.floor(Date.now() / 1000) - 60);
    const otherKey = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ 'cognito:username': 'manager', 'cognito:groups': ['managers'] })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')).kid })
      .setIssuer(localIdentityIssuer)
      .setAudience(localAudience)
      .setExpirationTime('1h')
      .sign(otherKey);
    const tampered = `${header}.${base64url({ ...claims, 'cognito:groups': ['managers'] })}.${signature}`;
    const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, 'cognito:groups': ['managers'] })}.`;
    const cases = { missing: undefined, expired, forged, tampered, algNone, garbage: 'not-a-token' };
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
});
