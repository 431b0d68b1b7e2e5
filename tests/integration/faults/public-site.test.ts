// What the site hands to anyone who asks: the built UI with its security headers, API answers that
// cannot be sniffed or framed, and nothing behind the UI (no source maps).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { ensureWebBuilt } from '../../support/browser.ts';
import { distDir } from '../../../web/build.ts';
import { apiSecurityHeaders, siteSecurityHeaders } from '#shared/http/security-headers.ts';
import { sendRaw } from '../../support/raw-http.ts';

let baton: TestBaton;

beforeAll(async () => {
  await ensureWebBuilt();
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

describe('source maps are not public', () => {
  it('the build writes none into web/dist, and no bundle points at one', () => {
    const files = [...readdirSync(distDir), ...readdirSync(path.join(distDir, 'chunks')).map((name) => `chunks/${name}`)];
    expect(files.filter((name) => name.endsWith('.map'))).toEqual([]);
    for (const name of files.filter((file) => /\.(js|css)$/.test(file))) {
      expect(readFileSync(path.join(distDir, name), 'utf8')).not.toContain('sourceMappingURL');
    }
  });

  it('the site answers 404 for a page script’s map', async () => {
    for (const name of ['index', 'track', 'staff', 'manager']) {
      expect((await baton.request('GET', `/${name}.js`)).status).toBe(200);
      expect((await baton.request('GET', `/${name}.js.map`)).status).toBe(404);
    }
  });
});

describe('security headers', () => {
  const expectHeaders = (headers: Headers, expected: Readonly<Record<string, string>>) => {
    for (const [name, value] of Object.entries(expected)) expect({ name, value: headers.get(name) }).toEqual({ name, value });
  };

  it('every page carries the strict Content-Security-Policy, frame, referrer and nosniff headers', async () => {
    for (const route of ['/', '/track', '/staff', '/manager', '/index.js', '/styles.css', '/no-such-page']) {
      expectHeaders((await baton.request('GET', route)).headers, siteSecurityHeaders);
    }
    expect(siteSecurityHeaders['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });

  it('every API answer carries nosniff and its own policy: handler answers, errors and the runtime’s own refusals', async () => {
    const token = await baton.login('service');
    const answers = [
      await baton.request('GET', '/api/health'),
      await baton.request('GET', '/api/issues/iss-unknown', { token }),
      await baton.request('GET', '/api/issues/iss-unknown'),
      await baton.request('GET', '/api/no-such-route'),
      await baton.request('DELETE', '/api/health'),
      await baton.request('POST', '/api/issues', { rawBody: '{', headers: { 'content-type': 'application/json' } }),
    ];
    for (const answer of answers) expectHeaders(answer.headers, apiSecurityHeaders);
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 401, 404, 405, 400]);
  });

  it('a request the HTTP parser refuses is answered with the same headers', async () => {
    const reply = await sendRaw(baton.url, 'GET /api/health HTTP/1.1\r\nBad Header: x\r\nConnection: close\r\n\r\n');
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('X-Content-Type-Options: nosniff');
  });
});
