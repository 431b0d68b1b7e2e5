// The local runtime checks what every handler answers against its route's contract
// (shared/api/contracts.ts): a test-only handler swapped in for GET /api/health breaks it on demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type Route } from '#shared/api/routes.ts';
import { startLocalApi, type LocalApi } from '#infra/local/http/local-api.ts';
import { createLocalIdentity } from '#infra/local/identity/local-identity.ts';
import { tempDataDir } from '../../support/sample-data.ts';

let api: LocalApi;

beforeAll(async () => {
  // Prepare: the real route table, with Health's handler swapped for one that answers as it is told.
  const swapped: Route[] = routes.map((route) => (route.id === 'Health' ? { ...route, entry: 'tests/fixtures/handlers/off-contract-health.ts' } : route));
  const identity = await createLocalIdentity({ dataDir: tempDataDir('baton-contracts'), issuer: 'urn:test' });
  api = await startLocalApi({ port: 0, routes: swapped, identity, webRoot: tempDataDir('baton-web'), isReady: () => true, checkResponses: true });
});
afterAll(async () => {
  await api.close();
});

async function health(answer: string) {
  const response = await fetch(`${api.url}/api/health?answer=${answer}`);
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
}

describe('a handler that answers outside its contract', () => {
  it('passes through when it keeps the contract', async () => {
    expect(await health('kept')).toEqual({ status: 200, body: { ok: true, mode: 'local' } });
  });

  it.each([
    ['a field of the wrong type', 'wrong-type', 'ok: Invalid input: expected true'],
    ['a field the schema does not declare (a leak)', 'undeclared-field', 'fields its schema does not declare: taskToken'],
    ['a status the contract does not list', 'unlisted-status', 'status 201 is not one its contract lists (200)'],
    ['an error that is not the error shape', 'bad-error', 'the 404 body does not match its schema: error:'],
  ])('is caught and answered 500 naming the break: %s', async (_name, answer, named) => {
    // Act
    const response = await health(answer);
    // Assess
    expect(response.status).toBe(500);
    expect(response.body.error?.code).toBe('response_contract_broken');
    expect(response.body.error?.message).toContain('Health');
    expect(response.body.error?.message).toContain(named);
  });
});
