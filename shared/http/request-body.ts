// Reads and validates a JSON request body at the edge: content type, size, syntax, control
// characters and the zod schema, each failure a 4xx naming the field.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { badRequest, invalidInput, payloadTooLarge, type FieldProblem } from '#shared/http/errors.ts';

export const maxBodyBytes = 64 * 1024;
/** Deeper than any body Baton takes; refused before anything recursive (JSON.parse, the checks, zod) walks it. */
export const maxJsonDepth = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// C0 controls except tab (\u0009) and newline (\u000A), DEL, C1 controls, and the Unicode line and
// paragraph separators.
const forbiddenControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;
// Invisible characters that change how text reads without being seen: bidirectional embeddings,
// overrides and isolates ("Trojan Source"), zero-width space, word joiner and a stray BOM. The marks
// LRM/RLM and the joiners ZWJ/ZWNJ stay allowed: right-to-left scripts and emoji need them.
const forbiddenFormat = /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/;
// A UTF-16 surrogate without its partner is not text (it cannot be stored as UTF-8).
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string of input, if anything: control, invisible format characters or broken Unicode. */
function textProblem(value: string): Omit<FieldProblem, 'field'> | undefined {
  if (forbiddenControl.test(value)) return { code: 'control_character', message: 'Control characters other than newline and tab are not allowed.' };
  if (loneSurrogate.test(value)) return { code: 'invalid_unicode', message: 'Not valid Unicode text (an unpaired surrogate).' };
  if (forbiddenFormat.test(value)) return { code: 'format_character', message: 'Invisible direction or zero-width characters are not allowed.' };
  return undefined;
}

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function readJsonBody<Schema extends z.ZodType>(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>,
  schema: Schema,
): z.infer<Schema> {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType.trim())) {
    throw badRequest('unsupported_content_type', 'The request body must be JSON (Content-Type: application/json).', [
      { field: 'Content-Type', code: 'unsupported_content_type', message: 'Expected application/json.' },
    ]);
  }
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw payloadTooLarge(maxBodyBytes);
  if (nestingExceeds(text, maxJsonDepth)) {
    throw badRequest('too_deep', `The request body nests deeper than ${maxJsonDepth} levels.`, [
      { field: '(body)', code: 'too_deep', message: `Objects and arrays may nest at most ${maxJsonDepth} levels deep.` },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('malformed_json', 'The request body is not valid JSON.', [
      { field: '(body)', code: 'malformed_json', message: 'The request body is not valid JSON.' },
    ]);
  }
  const controlProblems = findControlCharacters(parsed, '');
  if (controlProblems.length > 0) throw invalidInput(controlProblems);
  return validate(schema, parsed);
}

/**
 * The body as text. API Gateway hands a body it does not treat as text over base64-encoded (the
 * local runtime does the same for bytes that are not UTF-8): those bytes must be valid UTF-8, or the
 * request is refused rather than read with U+FFFD where the client's characters were.
 */
function bodyText(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string {
  const raw = event.body ?? '';
  if (!event.isBase64Encoded) return raw;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length > maxBodyBytes) throw payloadTooLarge(maxBodyBytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw badRequest('invalid_utf8', 'The request body is not valid UTF-8.', [
      { field: '(body)', code: 'invalid_utf8', message: 'The request body must be UTF-8 text.' },
    ]);
  }
}

/** Whether JSON text nests objects/arrays deeper than `limit`, found in one pass without recursion. */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}

/** A route that takes no query parameters: any one given is a 400 naming it. */
export const noQuery = z.strictObject({});

/**
 * Query parameters, validated like a body: the schema should be strict, so an unknown parameter is
 * a 400 naming it; control characters are refused. A repeated parameter arrives comma-joined (as
 * API Gateway passes it) and fails the schema like any other bad value.
 */
export function readQuery<Schema extends z.ZodType>(event: Pick<APIGatewayProxyEventV2, 'queryStringParameters'>, schema: Schema): z.infer<Schema> {
  const query = event.queryStringParameters ?? {};
  const controlProblems = Object.entries(query).flatMap(([name, value]) => {
    const problem = textProblem(name) ?? textProblem(value ?? '');
    return problem ? [{ field: name, ...problem }] : [];
  });
  if (controlProblems.length > 0) throw invalidInput(controlProblems);
  return validate(schema, query);
}

/** Path parameters (ids, departments): a bad one is a 400 naming it. */
export function readPath<Schema extends z.ZodType>(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>, schema: Schema): z.infer<Schema> {
  return validate(schema, event.pathParameters ?? {});
}

/** Validates already-parsed input (path or query parameters, bodies) and names every bad field. */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(describeZodIssues(result.error, input));
}

function findControlCharacters(value: unknown, at: string): FieldProblem[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field: at || '(body)', ...problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findControlCharacters(item, join(at, index)));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const problem = textProblem(key);
      return [
        ...(problem ? [{ field: join(at, key), ...problem, message: `In a field name: ${problem.message}` }] : []),
        ...findControlCharacters(item, join(at, key)),
      ];
    });
  }
  return [];
}

function join(parent: string, key: string | number | symbol): string {
  const name = String(key);
  return parent ? `${parent}.${name}` : name;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function describeZodIssues(error: z.ZodError, input: unknown): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const field = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ field: join(field, key), code: 'unknown_field', message: `Unknown field "${key}".` }));
      case 'invalid_type':
        return valueAt(input, issue.path) === undefined
          ? [{ field, code: 'required', message: `${field || 'The body'} is required.` }]
          : [{ field: field || '(body)', code: 'invalid_type', message: `Expected ${issue.expected}.` }];
      case 'too_small':
        return [{ field, code: issue.minimum === 1 && issue.origin === 'string' ? 'required' : 'too_short', message: issue.message }];
      case 'too_big':
        return [{ field, code: 'too_long', message: issue.message }];
      case 'invalid_format':
        return [{ field, code: issue.format === 'email' ? 'invalid_email' : 'invalid_format', message: issue.message }];
      case 'invalid_value':
        return [{ field, code: 'invalid_value', message: issue.message }];
      default:
        return [{ field: field || '(body)', code: 'invalid', message: issue.message }];
    }
  });
}
