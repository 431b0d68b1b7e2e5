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

export function apiGatewayEvent({ request, url, body, route, pathParameters, claims }: EventInput): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim());
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const isText = textTypes.test(headers['content-type'] ?? '');
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
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
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
