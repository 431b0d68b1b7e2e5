// Middy middlewares every HTTP handler uses: a correlation id per request, and error responses.
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { logger } from '#shared/logger.ts';
import { AlreadyClaimedError, ConflictError, DomainError, ForbiddenError, IdempotencyKeyReusedError, InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { HttpError } from '#shared/http/errors.ts';
import { errorBody, jsonResponse, type HttpResponse } from '#shared/http/responses.ts';
import { apiSecurityHeaders } from '#shared/http/security-headers.ts';

type HttpRequest = Request<APIGatewayProxyEventV2, HttpResponse, Error, Context, { correlationId?: string }>;

function correlationIdOf(request: HttpRequest): string {
  const headers = request.event.headers ?? {};
  const fromHeader = headers['x-correlation-id'] ?? headers['X-Correlation-Id'];
  const safe = fromHeader && /^[\w.-]{1,100}$/.test(fromHeader) ? fromHeader : undefined;
  return safe ?? request.event.requestContext?.requestId ?? request.context.awsRequestId;
}

/** Tags the request's log lines and response with one correlation id. */
export function correlation(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context, { correlationId?: string }> {
  const before = (request: HttpRequest) => {
    request.internal.correlationId = correlationIdOf(request);
    logger.resetKeys();
    logger.appendKeys({ correlationId: request.internal.correlationId, route: request.event.routeKey });
  };
  const after = (request: HttpRequest) => {
    if (request.response) {
      request.response.headers = { ...request.response.headers, 'X-Correlation-Id': request.internal.correlationId ?? '' };
    }
  };
  return { name: 'correlation', before, after, onError: after };
}

/** The one place a domain refusal gets its HTTP status (the most specific class first). */
const statusOfDomainError: Array<[new (...args: never[]) => DomainError, number]> = [
  [InvalidInputError, 400],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [AlreadyClaimedError, 409],
  [ConflictError, 409],
  [IdempotencyKeyReusedError, 422],
];

/** A domain refusal as the HTTP error clients see (same code, message and field problems); undefined if unmapped. */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (!(error instanceof DomainError)) return undefined;
  const status = statusOfDomainError.find(([kind]) => error instanceof kind)?.[1];
  if (status === undefined) return undefined;
  return new HttpError(status, error.code, error.message, error instanceof InvalidInputError ? error.details : []);
}

/** Known HTTP and domain errors become their response; anything else a bare 500 carrying only the correlation id. */
export function errorResponses(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context, { correlationId?: string }> {
  const onError = (request: HttpRequest) => {
    const error = httpErrorOf(request.error);
    if (error) {
      logger.info('request refused', { statusCode: error.statusCode, code: error.code });
      request.response = jsonResponse(error.statusCode, errorBody(error.code, error.message, error.details), error.headers);
      return;
    }
    logger.error('unhandled error', request.error ?? 'unknown');
    const correlationId = request.internal.correlationId ?? request.context.awsRequestId;
    request.response = jsonResponse(
      500,
      errorBody('internal_error', 'Something went wrong on our side. Quote the correlation id if you contact us.', [], { correlationId }),
    );
  };
  return { name: 'errorResponses', onError };
}

/** Every response, errors included, carries the API's security headers (shared/http/security-headers.ts). */
export function securityHeaders(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context, { correlationId?: string }> {
  const after = (request: HttpRequest) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...apiSecurityHeaders };
  };
  return { name: 'securityHeaders', after, onError: after };
}
