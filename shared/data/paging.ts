// Opaque page tokens: DynamoDB's LastEvaluatedKey, base64url-encoded; a token that does not decode
// is the caller's mistake (400 naming `nextToken`), never a 500.
import { InvalidInputError } from '#shared/domain/errors.ts';

export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export interface PageTokenShape {
  /** Exactly the key attributes of the index the query reads (table keys included). */
  index: readonly string[];
  /** Key values the token must carry: a token from another list (another status, queue…) is refused. */
  partition?: Record<string, string>;
}

const refused = () => new InvalidInputError([{ field: 'nextToken', code: 'invalid_page_token', message: 'Not a page token this API returned for this list.' }]);

/**
 * Decodes a token; with a `shape`, also checks that it is a start key of that very list, so a forged
 * or mismatched token is a 400 rather than DynamoDB's ValidationException (a 500).
 */
export function decodePageToken(token: string | undefined, shape?: PageTokenShape): Record<string, string> | undefined {
  if (token === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw refused();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw refused();
  const entries = Object.entries(key);
  if (entries.length === 0 || !entries.every(([, value]) => typeof value === 'string' && value.length > 0 && value.length <= 1_024)) throw refused();
  if (shape) {
    const names = entries.map(([name]) => name).sort();
    if (names.join() !== [...shape.index].sort().join()) throw refused();
    for (const [name, value] of Object.entries(shape.partition ?? {})) {
      if ((key as Record<string, string>)[name] !== value) throw refused();
    }
  }
  return key as Record<string, string>;
}
