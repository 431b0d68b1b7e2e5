// The local API Gateway: an HTTP server on 127.0.0.1 that maps the shared route table to the same
// handlers Lambda runs, with HTTP API v2 events and JWT-authorizer claims, and serves web/.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { responseProblem } from '#shared/api/response-check.ts';
import type { Route } from '#shared/api/routes.ts';
import { errorBody } from '#shared/http/responses.ts';
import { apiSecurityHeaders, siteSecurityHeaders } from '#shared/http/security-headers.ts';
import { apiGatewayEvent } from '#infra/local/http/api-gateway-event.ts';
import { answerThenClose, readBodyWithin } from '#infra/local/http/body-limit.ts';
import { routeMatcher } from '#infra/local/http/route-matcher.ts';
import { serveStatic } from '#infra/local/http/static-files.ts';
import { lambdaContext } from '#infra/local/lambda/lambda-context.ts';
import { loadHandler } from '#infra/local/lambda/load-handler.ts';
import type { LocalIdentity } from '#infra/local/identity/local-identity.ts';
import { listenOnLoopback } from '#infra/local/http/listen-on-loopback.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalApiOptions {
  port: number;
  routes: readonly Route[];
  identity: LocalIdentity;
  webRoot: string;
  /** Requests get 503 until the whole runtime is ready. */
  isReady: () => boolean;
  /** Check each handler's response against its route's contract (shared/api/response-check.ts); a broken one is logged and answered 500. */
  checkResponses: boolean;
  /** Runs each handler as its runtime's (its configuration and identity); default: as the process is. */
  scope?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Pages of the local runtime itself (the dev inbox): answered before the static files when they claim the path. */
  localPages?: (url: URL, response: ServerResponse) => boolean;
}

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

/** API Gateway's own limit is 10 MB; Baton's handlers refuse bodies over 64 KB themselves. */
const maxAcceptedBytes = 1024 * 1024;
/**
 * Routes that answer while the rest of the runtime is still starting (503): the local identity is whole
 * before the server listens, and the runtime's own start-up work needs it (the outbox sweep reads staff
 * addresses from it with AdminGetUser, as the sender does from Cognito on AWS).
 */
const readyBeforeTheRest = new Set(['LocalIdentity']);

function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(statusCode, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...apiSecurityHeaders, ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The path and query of a request target. Origin-form ("/api/x?y") is read against our own origin,
 * so "//host/path" stays a path; absolute-form ("http://host/path", legal for proxies) is read for
 * its path only. Anything else (an unparsable host, "*") is undefined: the caller answers 400.
 */
export function requestTarget(raw: string | undefined): URL | undefined {
  const target = raw ?? '/';
  try {
    if (target.startsWith('/')) return new URL(`http://127.0.0.1${target}`);
    if (/^https?:\/\//i.test(target)) {
      const absolute = new URL(target);
      return new URL(`http://127.0.0.1${absolute.pathname}${absolute.search}`);
    }
  } catch {
    // not a URL at all
  }
  return undefined;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The handler's response if it keeps its route's contract; otherwise a loud log line and a 500 that says what broke. */
function keepsContract(route: Route, result: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  const problem = responseProblem(route.id, result);
  if (!problem) return result;
  console.error(`\n*** local API: ${route.id} broke its response contract: ${problem} ***\n`);
  const body = errorBody('response_contract_broken', `The handler of ${route.id} answered outside its contract (shared/api/contracts.ts): ${problem}`);
  return { statusCode: 500, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...apiSecurityHeaders }, body: JSON.stringify(body) };
}

export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const match = routeMatcher(options.routes);

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL) {
    let matched;
    try {
      matched = match(request.method ?? 'GET', url.pathname);
    } catch {
      return sendJson(response, 400, errorBody('malformed_path', 'The request path is not valid.'));
    }
    if (!options.isReady() && !(matched.kind === 'route' && readyBeforeTheRest.has(matched.route.id))) {
      return sendJson(response, 503, errorBody('starting', 'Baton is starting; try again in a moment.'), { 'Retry-After': '1' });
    }
    if (matched.kind === 'none') return sendJson(response, 404, errorBody('not_found', `No route for ${url.pathname}.`));
    if (matched.kind === 'wrong-method') {
      return sendJson(response, 405, errorBody('method_not_allowed', `Method not allowed. Allowed: ${matched.allowed.join(', ')}.`), {
        Allow: matched.allowed.join(', '),
      });
    }
    const body = await readBodyWithin(request, maxAcceptedBytes);
    if (body === 'too-large') {
      const refusal = JSON.stringify(errorBody('payload_too_large', 'The request body is too large.'));
      return answerThenClose(request, response, 413, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...apiSecurityHeaders }, refusal);
    }
    let claims;
    if (matched.route.auth === 'staff') {
      const token = bearerToken(request);
      claims = token ? await options.identity.verify(token) : undefined;
      if (!claims) return sendJson(response, 401, errorBody('unauthorized', 'A valid bearer token is required.'));
    }
    const event = apiGatewayEvent({ request, url, body, route: matched.route, pathParameters: matched.pathParameters, claims });
    const handler = await loadHandler<Handler>(matched.route.entry);
    const scope = options.scope ?? ((work) => work());
    const answered = await scope(() => handler(event, lambdaContext(matched.route.id)));
    const result = options.checkResponses ? keepsContract(matched.route, answered) : answered;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    response.writeHead(result.statusCode ?? 200, headers);
    response.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
  }

  function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestTarget(request.url);
    if (!url) return Promise.resolve(sendJson(response, 400, errorBody('malformed_request_target', 'The request target is not a valid path.')));
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url);
    if (url.pathname === '/.well-known/jwks.json') return Promise.resolve(sendJson(response, 200, options.identity.jwks));
    if (options.localPages?.(url, response)) return Promise.resolve();
    return serveStatic(options.webRoot, url.pathname, response).then((served) => {
      if (!served) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...siteSecurityHeaders });
        response.end('Not found');
      }
    });
  }

  const server = createServer((request, response) => {
    // A broken socket on either side ends that one exchange; unhandled, it would end the process.
    request.on('error', (error) => console.warn('local API: request stream error', error.message));
    response.on('error', (error) => console.warn('local API: response stream error', error.message));
    let work: Promise<void>;
    try {
      work = handle(request, response);
    } catch (error) {
      work = Promise.reject(error);
    }
    work.catch((error: unknown) => {
      if (request.socket.destroyed) return; // the client has gone: nobody is left to answer
      console.error('local API error', error);
      if (response.headersSent) return void response.destroy();
      try {
        sendJson(response, 500, errorBody('internal_error', 'Something went wrong on our side.'));
      } catch {
        response.destroy();
      }
    });
  });
  // What the HTTP parser refuses (bad request line, headers, chunking) never reaches the listener:
  // answer it with its status when the socket can still take one, and close only that connection.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify(errorBody(status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'malformed_request', 'The request could not be read.'));
    const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...apiSecurityHeaders, Connection: 'close' };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  });
  server.keepAliveTimeout = 5_000;
  // A client that trickles its headers or body (slowloris) is cut off with a 408 instead of holding a socket.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  return listenOnLoopback(server, options.port);
}
