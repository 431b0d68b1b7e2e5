// HTTP errors the edge raises (a malformed request, a missing token, a rate limit), with stable codes
// the UI can translate. Domain refusals are domain classes (shared/domain/errors.ts) that the error
// middleware maps to these; anything else becomes a bare 500 (middleware.ts), so internals never leak.
import type { FieldProblem } from '#shared/domain/errors.ts';

export type { FieldProblem } from '#shared/domain/errors.ts';

export class HttpError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string, details: FieldProblem[] = []) =>
  new HttpError(400, code, message, details);

export const invalidInput = (details: FieldProblem[]) =>
  new HttpError(400, 'invalid_request', `Invalid request: ${details.map((d) => d.field || '(body)').join(', ')}.`, details);

export const unauthorized = (message = 'A valid bearer token is required.') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found.') => new HttpError(404, 'not_found', message);
export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, 'method_not_allowed', `Method not allowed. Allowed: ${allowed.join(', ')}.`, [], {
    Allow: allowed.join(', '),
  });
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const payloadTooLarge = (limitBytes: number) =>
  new HttpError(413, 'payload_too_large', `The request body exceeds ${limitBytes} bytes.`);
export const unprocessable = (code: string, message: string) => new HttpError(422, code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate_limited', 'Too many requests; try again later.', [], {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
