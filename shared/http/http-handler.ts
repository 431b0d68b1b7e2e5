// Wraps a route's handler in the middlewares every route shares. Handlers stay thin: parse, call
// one domain function, shape the response.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { correlation, errorResponses, securityHeaders } from '#shared/http/middleware.ts';
import type { HttpResponse } from '#shared/http/responses.ts';

export type RouteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

export function httpHandler(handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>): RouteHandler {
  const wrapped = middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(securityHeaders())
    .use(correlation())
    .use(errorResponses())
    .handler(handler);
  return (event, context) => wrapped(event, context) as Promise<HttpResponse>;
}
