// Checks what a handler answered against its route's contract (contracts.ts): the status must be one
// the contract lists (or an error), and the JSON body must parse with that status's schema and hold
// no field the schema does not declare (a stray field, such as a task token, is a leak, not a bonus).
// The local runtime runs it on every response; the tests' typed client runs it again on what it reads.
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { routeContracts, type RouteContract } from '#shared/api/contracts.ts';
import { errorResponseSchema } from '#shared/api/schemas.ts';

export interface HandlerResponse {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
}

export const contractOf = (routeId: string): RouteContract | undefined => (routeContracts as Record<string, RouteContract>)[routeId];

/** The schema a response of this status must match; undefined when the contract does not describe its body (OpenAPI, CSV). */
function schemaFor(contract: RouteContract, status: number, contentType: string): { schema?: z.ZodType } | string {
  if (status >= 400) return { schema: contract.protocol?.errorSchema ?? errorResponseSchema };
  const listed = contract.responses[status];
  if (!listed) return `status ${status} is not one its contract lists (${Object.keys(contract.responses).join(', ')})`;
  if (listed.csv && contentType.startsWith('text/csv')) return {};
  return { schema: listed.schema };
}

/** Where the parsed value lacks a key the input had: fields the schema does not declare (zod drops them). */
function undeclaredFields(input: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((item, index) => undeclaredFields(item, parsed[index], `${path}[${index}]`));
  if (!isObject(input) || !isObject(parsed)) return [];
  return Object.keys(input).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    return key in parsed ? undeclaredFields(input[key], parsed[key], at) : [at];
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with this response for this route, in words; undefined when it keeps its contract (or the route has none). */
export function responseProblem(routeId: string, response: HandlerResponse): string | undefined {
  const contract = contractOf(routeId);
  if (!contract) return undefined;
  const status = response.statusCode ?? 200;
  const contentType = String(Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
  const expected = schemaFor(contract, status, contentType);
  if (typeof expected === 'string') return expected;
  if (!expected.schema) return undefined;
  let body: unknown;
  try {
    const text = response.body === undefined ? '' : response.isBase64Encoded ? Buffer.from(response.body, 'base64').toString('utf8') : response.body;
    body = JSON.parse(text);
  } catch {
    return `the ${status} body is not JSON`;
  }
  return bodyProblem(expected.schema, body, status);
}

/** What is wrong with a parsed body for a schema, in words (shared with the tests' typed client). */
export function bodyProblem(schema: z.ZodType, body: unknown, status: number): string | undefined {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    return `the ${status} body does not match its schema: ${problems.join('; ')}`;
  }
  if (isDeepStrictEqual(parsed.data, body)) return undefined;
  const extra = undeclaredFields(body, parsed.data, '');
  return extra.length > 0 ? `the ${status} body has fields its schema does not declare: ${extra.join(', ')}` : undefined;
}
