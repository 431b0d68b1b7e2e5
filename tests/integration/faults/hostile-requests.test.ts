// Hostile bytes at the edge of the local runtime: whatever arrives on the socket, the server answers
// that one request (4xx for the client's fault) or closes that one connection, and the runtime keeps
// serving everyone else. Each case goes over raw TCP, so no client library tidies it up first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { sendRaw } from '../../support/raw-http.ts';

let baton: TestBaton;

beforeAll(async () => {
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

const request = (line: string, headers: string[] = [], body = '') =>
  [line, 'Host: 127.0.0.1', 'Connection: close', ...headers, '', body].join('\r\n');

async function expectStillServing() {
  const health = await baton.request('GET', '/api/health');
  expect(health.status).toBe(200);
}

describe('request targets the URL parser refuses', () => {
  const targets = ['http://[::1', 'http://a%20b/', 'http://:99999/', 'http://[::1/api/health', 'https://user@:0/api/health'];
  for (const target of targets) {
    it(`GET ${target} is a 400 and the runtime keeps serving`, async () => {
      const reply = await sendRaw(baton.url, request(`GET ${target} HTTP/1.1`));
      expect(reply.status).toBe(400);
      await expectStillServing();
    });
  }

  it('an absolute URL naming another host is read for its path only', async () => {
    const reply = await sendRaw(baton.url, request('GET http://elsewhere.example/api/health HTTP/1.1'));
    expect(reply.status).toBe(200);
  });

  it('a path starting with two slashes is not read as a host', async () => {
    const reply = await sendRaw(baton.url, request('GET //elsewhere.example/api/health HTTP/1.1'));
    expect(reply.status).toBe(404);
    await expectStillServing();
  });

  it('the asterisk target (OPTIONS *) is a 400', async () => {
    const reply = await sendRaw(baton.url, request('OPTIONS * HTTP/1.1'));
    expect(reply.status).toBe(400);
    await expectStillServing();
  });
});

describe('bytes the HTTP parser refuses', () => {
  const cases: Array<{ name: string; bytes: string | Buffer; status: number }> = [
    { name: 'binary garbage instead of a request line', bytes: Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]), status: 400 },
    { name: 'a header name with a space in it', bytes: request('GET /api/health HTTP/1.1', ['Bad Header: x']), status: 400 },
    { name: 'a header value with a NUL byte', bytes: request('GET /api/health HTTP/1.1', ['X-Thing: a\u0000b']), status: 400 },
    { name: 'both Content-Length and Transfer-Encoding', bytes: request('POST /api/issues HTTP/1.1', ['Content-Length: 2', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), status: 400 },
    { name: 'two different Content-Length headers', bytes: request('POST /api/issues HTTP/1.1', ['Content-Length: 2', 'Content-Length: 3'], '{}'), status: 400 },
    { name: 'a malformed chunk size', bytes: request('POST /api/issues HTTP/1.1', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], 'zz\r\n{}\r\n0\r\n\r\n'), status: 400 },
    { name: 'headers far too large', bytes: request('GET /api/health HTTP/1.1', [`X-Big: ${'a'.repeat(64 * 1024)}`]), status: 431 },
    { name: 'an unknown HTTP version', bytes: request('GET /api/health HTTP/9.9'), status: 400 },
  ];
  for (const { name, bytes, status } of cases) {
    it(`${name}: ${status}, and the runtime keeps serving`, async () => {
      const reply = await sendRaw(baton.url, bytes);
      expect(reply.status).toBe(status);
      await expectStillServing();
    });
  }
});

describe('connections that break mid-request', () => {
  it('a body cut short (the client hangs up) closes only that connection', async () => {
    const reply = await sendRaw(
      baton.url,
      request('POST /api/issues HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 1000'], '{"subject":'),
      { endAfterWrite: true },
    );
    expect(reply.status === undefined || reply.status >= 400).toBe(true);
    await expectStillServing();
  });

  it('a chunked body cut short closes only that connection', async () => {
    const reply = await sendRaw(
      baton.url,
      request('POST /api/issues HTTP/1.1', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], '5\r\n{"sub'),
      { endAfterWrite: true },
    );
    expect(reply.status === undefined || reply.status >= 400).toBe(true);
    await expectStillServing();
  });

  it('a client that hangs up before reading its reply does not disturb the server', async () => {
    await sendRaw(baton.url, request('GET /api/health HTTP/1.1'), { endAfterWrite: true });
    await expectStillServing();
  });
});

describe('header oddities', () => {
  it('a request without a Host header on HTTP/1.0 is served', async () => {
    const reply = await sendRaw(baton.url, 'GET /api/health HTTP/1.0\r\n\r\n');
    expect(reply.status).toBe(200);
  });

  it('a repeated Authorization header is refused as unauthenticated, not a crash', async () => {
    const reply = await sendRaw(baton.url, request('GET /api/queues/sales HTTP/1.1', ['Authorization: Bearer a', 'Authorization: Bearer b']));
    expect(reply.status).toBe(401);
    await expectStillServing();
  });

  it('a bearer token of pure garbage is a 401', async () => {
    const reply = await sendRaw(baton.url, request('GET /api/queues/sales HTTP/1.1', [`Authorization: Bearer ${'\u00ff'.repeat(50)}.x.y`]));
    expect(reply.status).toBe(401);
    await expectStillServing();
  });

  it('a Content-Type with odd parameters on a JSON route is a 4xx', async () => {
    const reply = await sendRaw(baton.url, request('POST /api/issues HTTP/1.1', ['Content-Type: application/json;;;charset', 'Content-Length: 2'], '{}'));
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    await expectStillServing();
  });
});
