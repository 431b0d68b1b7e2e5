import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import { startLocalApi, type LocalApi } from '#infra/local/http/local-api.ts';
import { createLocalIdentity } from '#infra/local/identity/local-identity.ts';
import { tempDataDir } from '../../support/sample-data.ts';

let api: LocalApi;
const ready = false;

beforeAll(async () => {
  const identity = await createLocalIdentity({ dataDir: tempDataDir('baton-ready'), issuer: 'urn:test' });
  api = await startLocalApi({ port: 0, routes, identity, webRoot: tempDataDir('baton-web'), isReady: () => ready, checkResponses: true });
});
afterAll(async () => {
  await api.close();
});

describe('the local API while the runtime starts', () => {
  it('answers 503 with Retry-After until every part is ready, health included', async () => {
    // Act
    const health = await fetch(`${api.url}/api/health`);
    // Assess
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('1');
    expect(((await health.json()) as { error: { code: string } }).error.code).toBe('starting');
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(api.url).hostname).toBe('127.0.0.1');
  });
});
