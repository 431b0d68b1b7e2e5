// Builds API Gateway HTTP API (payload v2) events from Node requests, as API Gateway would.
import { clock } from '#shared/clock.ts';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { Route } from '#shared/api/routes.ts';
import { routeKey } from '#shared/api/routes.ts';

export interface EventInput {
  request: IncomingMessage;
  url: URL;
  body: Buffer;
  route: Route;
  pathParameters: Record<string, string>;
  claims?: JWTPayload;
}

const textTypes = /^(application\/(json|x-www-form-urlencoded|.*\+json)|text\/)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A body goes to the handler as text only when it is declared text and really is UTF-8; anything
 * else is base64-encoded, so the handler sees the exact bytes (a lenient decode here would hide
 * invalid bytes behind U+FFFD).
 */
function textOf(body: Buffer, contentType: string): string | undefined {
  if (!textTypes.test(contentType)) return undefined;
  try {
    return strictUtf8.decode(body);
  } catch {
    return undefined;
  }
}

export function apiGatewayEvent({ request, url, body, route, pathParameters, claims }: EventInput): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim());
  // Collected in a Map and made an object with own properties (as JSON.parse does for the event on
  // AWS): assigning into a plain object would swallow "__proto__" instead of passing it on.
  const joined = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const earlier = joined.get(name);
    joined.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  const queryStringParameters: Record<string, string> = Object.fromEntries(joined);
  const text = body.length > 0 ? textOf(body, headers['content-type'] ?? '') : undefined;
  const now = new Date(clock().now());
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ?? body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && text === undefined,
  };
  if (claims) {
    // The JWT authorizer's shape: API Gateway passes the verified token's claims to the handler.
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = {
      jwt: { claims, scopes: null },
      principalId: '',
      integrationLatency: 0,
    };
  }
  return event;
}
