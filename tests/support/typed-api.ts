// The tests' typed client: `baton.api.get('/api/issues/{issueId}', { params: { issueId } })` finds the
// route in the route table, and its result's type is the route's success schema from
// shared/api/contracts.ts. It is for the happy path: an error status, or a body that breaks the
// route's contract, throws with the status and body. Error cases use the untyped `baton.request`.
import type { z } from 'zod';
import { routeContracts } from '#shared/api/contracts.ts';
import { bodyProblem, contractOf } from '#shared/api/response-check.ts';
import { routes, type Route, type RouteIdOf, type RoutePath } from '#shared/api/routes.ts';
import type { errorResponseSchema } from '#shared/api/schemas.ts';

type Contracts = typeof routeContracts;
type Responses<Id extends keyof Contracts> = Contracts[Id]['responses'];
/** The statuses of a route whose schema is not the error shape (and not 304, which has no body). */
type SuccessStatus<Id extends keyof Contracts> = {
  [Status in keyof Responses<Id>]: Status extends 304 ? never : Responses<Id>[Status] extends { schema: typeof errorResponseSchema } ? never : Status;
}[keyof Responses<Id>];
type BodyOf<Response> = Response extends { schema: z.ZodType } ? z.output<Response['schema']> : unknown;
export type SuccessBody<Id extends keyof Contracts> = { [Status in SuccessStatus<Id>]: BodyOf<Responses<Id>[Status]> }[SuccessStatus<Id>];

/** `{issueId}` in a path becomes `{ issueId: string }`. */
export type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? { [Key in Name]: string } & PathParams<Rest> : unknown;

type Options<Path extends string> = { token?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown } & (
  Path extends `${string}{${string}` ? { params: PathParams<Path> } : { params?: never }
);

export interface Answer<Id extends keyof Contracts> {
  status: number;
  body: SuccessBody<Id>;
  headers: Headers;
}

type Request = (method: string, route: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: unknown; headers: Headers }>;

export interface TypedApi {
  get<Path extends RoutePath<'GET'>>(path: Path, options?: Options<Path>): Promise<Answer<RouteIdOf<'GET', Path>>>;
  post<Path extends RoutePath<'POST'>>(path: Path, options?: Options<Path>): Promise<Answer<RouteIdOf<'POST', Path>>>;
}

export function typedApi(request: Request): TypedApi {
  async function call(method: Route['method'], path: string, options: { token?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {}) {
    const route = routes.find((candidate) => candidate.method === method && candidate.path === path);
    const contract = route && contractOf(route.id);
    if (!route || !contract) throw new Error(`No route with a contract for ${method} ${path}.`);
    const filled = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    const response = await request(method, `${filled}${query}`, { token: options.token, headers: options.headers, body: options.body });
    const schema = response.status < 400 ? contract.responses[response.status]?.schema : undefined;
    if (!schema) throw new Error(`${method} ${filled} answered ${response.status}, not a success its contract lists: ${JSON.stringify(response.body).slice(0, 2000)}`);
    const problem = bodyProblem(schema, response.body, response.status);
    if (problem) throw new Error(`${method} ${filled} broke its contract: ${problem}`);
    return response as never;
  }
  return {
    get: (path, options) => call('GET', path, options as never),
    post: (path, options) => call('POST', path, options as never),
  };
}
