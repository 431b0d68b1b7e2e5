// The request readers on their own: the body gets the same answer whether API Gateway hands it over as text
// or base64-encoded, refusals come before anything recursive walks it, and queries are strict.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '#shared/http/errors.ts';
import { maxJsonDepth, noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';

const headers = { 'content-type': 'application/json' };
const schema = z.strictObject({ note: z.string() });

function refusal(read: () => unknown): HttpError {
  try {
    read();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readJsonBody', () => {
  it('reads the same body given as text or base64', () => {
    // Prepare
    const text = JSON.stringify({ note: '泵 🙁' });
    // Act
    const asText = readJsonBody({ headers, body: text, isBase64Encoded: false }, schema);
    const asBase64 = readJsonBody({ headers, body: Buffer.from(text).toString('base64'), isBase64Encoded: true }, schema);
    // Assess
    expect(asText).toEqual({ note: '泵 🙁' });
    expect(asBase64).toEqual(asText);
  });

  it('refuses base64 bytes that are not UTF-8 as invalid_utf8 on the body', () => {
    const bytes = Buffer.concat([Buffer.from('{"note":"a'), Buffer.from([0xff]), Buffer.from('"}')]);
    const error = refusal(() => readJsonBody({ headers, body: bytes.toString('base64'), isBase64Encoded: true }, schema));
    expect(error.statusCode).toBe(400);
    expect(error.details).toEqual([expect.objectContaining({ field: '(body)', code: 'invalid_utf8' })]);
  });

  it(`refuses nesting deeper than ${maxJsonDepth} levels as too_deep, at any size under the limit`, () => {
    const error = refusal(() => readJsonBody({ headers, body: '['.repeat(20_000) + ']'.repeat(20_000), isBase64Encoded: false }, schema));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('too_deep');
  });

  it(`accepts nesting of exactly ${maxJsonDepth} levels (the schema then judges it)`, () => {
    const body = '['.repeat(maxJsonDepth) + ']'.repeat(maxJsonDepth);
    const error = refusal(() => readJsonBody({ headers, body, isBase64Encoded: false }, schema));
    expect(error.code).toBe('invalid_request');
  });
});

describe('readQuery', () => {
  it('refuses "__proto__" as an unknown parameter, as it arrives from API Gateway (an own property)', () => {
    const queryStringParameters = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const error = refusal(() => readQuery({ queryStringParameters }, noQuery));
    expect(error.statusCode).toBe(400);
    expect(error.details).toEqual([expect.objectContaining({ field: '__proto__', code: 'unknown_field' })]);
  });
});
