// Who a request comes from, for the per-address rate limits (shared/http/RATE-LIMITS.md).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '#shared/config.ts';

/** The header CloudFront adds to every request it forwards to the API (overwriting any a client sent). */
export const edgeSecretHeader = 'x-baton-edge-secret';

export type ClientEvent = Pick<APIGatewayProxyEventV2, 'requestContext' | 'headers'>;

const sameSecret = (given: string | undefined, expected: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** `CloudFront-Viewer-Address` is `ip:port` (IPv6 too: the port follows the last colon). */
const viewerIp = (value: string | undefined): string | undefined => {
  const separator = value?.lastIndexOf(':') ?? -1;
  return value && separator > 0 ? value.slice(0, separator) : undefined;
};

/**
 * The client's IP address. API Gateway's `requestContext.http.sourceIp` is the connection's address,
 * never a header the client can write (X-Forwarded-For). Behind CloudFront that is an edge server
 * shared by many customers, so a request that carries CloudFront's edge secret is keyed on the
 * viewer address CloudFront itself measured (`CloudFront-Viewer-Address`); nothing else is believed.
 */
export function clientIp(event: ClientEvent): string {
  const sourceIp = event.requestContext?.http?.sourceIp || 'unknown';
  const secret = config.edgeSecret();
  const headers = event.headers ?? {};
  if (!secret || !sameSecret(headers[edgeSecretHeader], secret)) return sourceIp;
  return viewerIp(headers['cloudfront-viewer-address']) ?? sourceIp;
}

/** The client's address as a rate-limit key: stored only as a hash. */
export function clientAddress(event: ClientEvent): string {
  return createHash('sha256').update(clientIp(event)).digest('hex').slice(0, 32);
}
