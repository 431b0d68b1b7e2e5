// Opaque page tokens: DynamoDB's LastEvaluatedKey, base64url-encoded; a token that does not decode
// is the caller's mistake (400 naming `nextToken`), never a 500.
import { invalidInput } from '#shared/http/errors.ts';

export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodePageToken(token: string | undefined): Record<string, string> | undefined {
  if (token === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key) && Object.values(key).every((value) => typeof value === 'string')) {
      return key as Record<string, string>;
    }
  } catch {
    // falls through to the 400 below
  }
  throw invalidInput([{ field: 'nextToken', code: 'invalid_page_token', message: 'Not a page token this API returned.' }]);
}
