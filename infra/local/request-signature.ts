// SigV4 as AWS services check it: a local endpoint recomputes a request's signature with the data
// folder's secret (@smithy/signature-v4, the SDK's own signer) and compares in constant time. Used by
// the Step Functions endpoint (every request) and the local identity (its IAM-authorized admin actions).
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LocalCredentials } from '#infra/local/local-credentials.ts';
import { ServiceError } from '#infra/local/stepfunctions/service-errors.ts';

/** How far a request's X-Amz-Date may be from the endpoint's clock, either way (AWS: 5 minutes). */
const ALLOWED_SKEW_MS = 5 * 60_000;

type SignableRequest = Parameters<SignatureV4['sign']>[0];
type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): BinaryLike =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 and HMAC-SHA256 from node:crypto in the shape the signer asks for. */
export class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. `/` */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const missingToken = () => new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
const incomplete = (message: string) => new ServiceError('IncompleteSignatureException', message);
const invalidSignature = (message: string) => new ServiceError('InvalidSignatureException', message);

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

const amzDate = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/** A verifier for one key: throws the service's error unless the request is signed with it, for `service` in `region`. */
export function signatureVerifier(credentials: LocalCredentials, region: string, now: () => number = Date.now, service = 'states') {
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const expected = Buffer.from(credentials.accessKeyId);
  return async (request: SignedRequest): Promise<void> => {
    const authorization = headerValue(request.headers.authorization);
    if (!authorization) throw missingToken();
    const parsed = AUTHORIZATION.exec(authorization);
    if (!parsed) throw incomplete(`Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256).`);
    const [, keyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = parsed as unknown as string[];
    const given = Buffer.from(keyId!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const dateText = headerValue(request.headers['x-amz-date']);
    if (!dateText) throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
    const signingDate = parseAmzDate(dateText);
    if (!signingDate) throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${dateText}'.`);
    const clock = now();
    if (signingDate.getTime() < clock - ALLOWED_SKEW_MS) {
      throw invalidSignature(
        `Signature expired: ${dateText} is now earlier than ${amzDate(new Date(clock - ALLOWED_SKEW_MS))} (${amzDate(new Date(clock))} - 5 min.)`,
      );
    }
    if (signingDate.getTime() > clock + ALLOWED_SKEW_MS) {
      throw invalidSignature(
        `Signature not yet current: ${dateText} is still later than ${amzDate(new Date(clock + ALLOWED_SKEW_MS))} (${amzDate(new Date(clock))} + 5 min.)`,
      );
    }
    if (scopeDate !== dateText.slice(0, 8)) throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateText.slice(0, 8)}'`);
    if (scopeRegion !== region) throw invalidSignature(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);
    if (scopeService !== service) throw invalidSignature(`Credential should be scoped to correct service: '${service}'.`);
    const signedHeaders = signedHeaderList!.split(';');
    if (!signedHeaders.includes('host')) throw invalidSignature(`'Host' must be a signed header.`);
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = headerValue(request.headers[name]);
      if (value === undefined) throw invalidSignature(`The request signature we calculated does not match the signature you provided: signed header '${name}' is missing.`);
      headers[name] = value;
    }
    // A declared payload hash stands in for the body in the signature: it must be the body's.
    const declaredPayloadHash = headers['x-amz-content-sha256'];
    if (declaredPayloadHash !== undefined && declaredPayloadHash !== createHash('sha256').update(request.body).digest('hex')) {
      throw invalidSignature('The provided x-amz-content-sha256 header does not match what was computed.');
    }
    const url = new URL(request.url, 'http://localhost');
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [existing, value].flat();
    }
    const recomputed: SignableRequest = {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host!,
      path: url.pathname,
      query,
      headers,
      body: request.body,
    };
    const signed = await signer.sign(recomputed, { signingDate, signableHeaders: new Set(signedHeaders) });
    const ours = Buffer.from(/Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1] ?? '', 'hex');
    const theirs = Buffer.from(signature!, 'hex');
    if (ours.length !== theirs.length || !timingSafeEqual(ours, theirs)) {
      throw invalidSignature(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
  };
}
