// Rate limits of the public routes, on a runtime of their own with small limits: intake per client
// address (a whole burst up to the limit, then 429 with Retry-After; back in as the window slides, on
// a clock of the test's own), tracking per address, failed look-ups per tracking code. Clients are
// told apart by the connection's address (other loopback addresses are other clients), never by
// X-Forwarded-For. Windows are long enough that a loaded machine cannot slide them mid-test.
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { uniqueIssue } from '../../support/api-fixtures.ts';
import { consume, type RateRule } from '#shared/http/rate-limit.ts';
import { awsCallMeter, callsBetween, meteredAs } from '#shared/aws-call-meter.ts';

let baton: TestBaton;

beforeAll(async () => {
  Object.assign(process.env, {
    BATON_RATE_LIMIT_INTAKE: '5/30',
    BATON_RATE_LIMIT_TRACKING: '8/30',
    BATON_RATE_LIMIT_TRACKING_FAILURES: '3/60',
  });
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

/** A POST from another loopback address (127.0.0.x): to the server, another client. */
function postFrom(localAddress: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; retryAfter: number }> {
  const url = new URL(route, baton.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), retryAfter: Number(response.headers['retry-after'] ?? 0) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

describe('behind CloudFront: the viewer address counts only on requests carrying the edge secret', () => {
  it('two customers arriving through one edge server each get their own budget; a viewer address without the secret is ignored', async () => {
    // Prepare: the handlers are told the secret, as the CDK stack tells the rate-limited functions.
    baton.settings.edgeSecret = 'edge-secret-of-this-test';
    try {
      const viaEdge = (viewer: string) => ({ 'x-baton-edge-secret': 'edge-secret-of-this-test', 'cloudfront-viewer-address': viewer });
      // Act: 127.0.0.5 plays one CloudFront edge server; 127.0.0.6 a client forging CloudFront's header.
      const first = [];
      for (let i = 0; i < 6; i++) first.push(await postFrom('127.0.0.5', '/api/issues', uniqueIssue(), viaEdge('198.51.100.1:40001')));
      const second = await postFrom('127.0.0.5', '/api/issues', uniqueIssue(), viaEdge('2001:db8::2:40002'));
      const forged = [];
      for (let i = 0; i < 6; i++) {
        forged.push(await postFrom('127.0.0.6', '/api/issues', uniqueIssue(), { 'x-baton-edge-secret': 'a-guess', 'cloudfront-viewer-address': `203.0.113.${i}:5000` }));
      }
      // Assess
      expect(first.map((response) => response.status)).toEqual([201, 201, 201, 201, 201, 429]);
      expect(second.status).toBe(201);
      expect(forged.map((response) => response.status)).toEqual([201, 201, 201, 201, 201, 429]);
    } finally {
      delete baton.settings.edgeSecret;
    }
  });
});

describe('intake: at most N in any window per client address, no tighter burst limit', () => {
  it('lets a whole burst up to the limit through at once, then refuses with 429 and Retry-After whatever X-Forwarded-For says; another address has its own budget', async () => {
    // Act
    const burst = await Promise.all(Array.from({ length: 5 }, () => baton.request('POST', '/api/issues', { body: uniqueIssue() })));
    const refused = await baton.request('POST', '/api/issues', { body: uniqueIssue() });
    const spoofed = await baton.request('POST', '/api/issues', { body: uniqueIssue(), headers: { 'x-forwarded-for': '203.0.113.9' } });
    const otherClient = await postFrom('127.0.0.2', '/api/issues', uniqueIssue());
    // Assess
    expect(burst.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: [] });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(31);
    expect(spoofed.status).toBe(429);
    expect(otherClient.status).toBe(201);
  });

  it('a request is counted and checked with one UpdateItem, a new client’s first one too (no read of an earlier window)', async () => {
    // Prepare: a client this process has never seen, mid-window
    const rule: RateRule = { name: `one-call-${randomUUID()}`, limit: 5, windowSeconds: 60 };
    const at = Math.ceil(Date.now() / 60_000) * 60_000 + 30_000;
    // Its calls are counted apart: the flows of earlier tests' issues still open tasks in this process meanwhile.
    const origin = `rate-limit test ${randomUUID()}`;
    const before = awsCallMeter.snapshot(origin);
    // Act
    const [first, second, third] = await meteredAs(origin, async () => [
      await consume(rule, 'new-client', at),
      await consume(rule, 'new-client', at),
      await consume(rule, 'new-client', at + 1_000),
    ]);
    // Assess
    expect([first, second, third].every((outcome) => outcome.allowed)).toBe(true);
    const calls = Object.fromEntries(Object.entries(callsBetween(before, awsCallMeter.snapshot(origin))).map(([action, count]) => [action, count.calls]));
    expect(calls).toEqual({ UpdateItem: 3 });
  });

  it('the window slides: requests late in one fixed minute and early in the next never add up past the limit', async () => {
    // Prepare: a 60 s rule on a clock of our own, starting one second before a minute boundary
    const rule: RateRule = { name: `sliding-${randomUUID()}`, limit: 5, windowSeconds: 60 };
    const client = 'test-client';
    const boundary = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    // Act
    const late = await Promise.all(Array.from({ length: 5 }, () => consume(rule, client, boundary - 1_000)));
    const early = await consume(rule, client, boundary + 1_000);
    const beforeSlid = await consume(rule, client, boundary + 58_000);
    const afterSlid = await Promise.all(Array.from({ length: 5 }, () => consume(rule, client, boundary + 60_500)));
    const sixth = await consume(rule, client, boundary + 60_500);
    // Assess
    expect(late.every((outcome) => outcome.allowed)).toBe(true);
    expect(early).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(beforeSlid).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(afterSlid.every((outcome) => outcome.allowed)).toBe(true);
    expect(sixth.allowed).toBe(false);
  });
});

describe('tracking', () => {
  it('refuses look-ups past the per-address limit with 429 and Retry-After', async () => {
    // Act
    const within = [];
    for (let i = 0; i < 8; i++) within.push(await postFrom('127.0.0.3', '/api/track', { trackingCode: `ZZZZZ-ZZZZZ-ZZZ${i}${i}`, email: 'nobody@example.com' }));
    const refused = await postFrom('127.0.0.3', '/api/track', { trackingCode: 'ZZZZZ-ZZZZZ-ZZZZZ', email: 'nobody@example.com' });
    // Assess
    expect(within.map((response) => response.status)).toEqual(Array(8).fill(404));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('failed look-ups lock a tracking code, even for the right e-mail, while other codes stay open', async () => {
    // Prepare
    const client = '127.0.0.4';
    const body = uniqueIssue();
    const locked = (await postFrom(client, '/api/issues', body)).body;
    const otherBody = uniqueIssue();
    const other = (await postFrom(client, '/api/issues', otherBody)).body;
    // Act
    const guesses = [];
    for (const guess of ['a@example.com', 'b@example.com', 'c@example.com']) {
      guesses.push(await postFrom(client, '/api/track', { trackingCode: locked.trackingCode, email: guess }));
    }
    const rightEmail = await postFrom(client, '/api/track', { trackingCode: locked.trackingCode, email: body.customer.email });
    const otherCode = await postFrom(client, '/api/track', { trackingCode: other.trackingCode, email: otherBody.customer.email });
    // Assess
    expect(guesses.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(rightEmail.status).toBe(429);
    expect(rightEmail.retryAfter).toBeGreaterThan(1);
    expect(otherCode.status).toBe(200);
  });
});
