// The OpenAPI 3.1 document of the HTTP API, generated from the route table and the zod schemas the
// handlers validate with (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). A route without
// an entry below is still listed, with its path parameters and the common responses.
import { z } from 'zod';
import { routeContracts, type RouteContract } from '#shared/api/contracts.ts';
import { routes as routeTable, type Route } from '#shared/api/routes.ts';
import * as api from '#shared/api/schemas.ts';
import { maxBodyBytes } from '#shared/http/request-body.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function parameters(where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined, route: Route): JsonSchema[] {
  if (!schema) {
    if (where !== 'path') return [];
    return [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
  }
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(route: Route): JsonSchema {
  const doc: RouteContract | undefined = (routeContracts as Record<string, RouteContract>)[route.id];
  const contentType = doc?.protocol?.contentType ?? 'application/json';
  const errorContent = () => ({ [contentType]: { schema: doc?.protocol ? jsonSchema(doc.protocol.errorSchema, 'output') : { $ref: '#/components/schemas/Error' } } });
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(doc?.responses ?? { 200: { description: 'OK' } })) {
    const isError = Number(status) >= 400;
    responses[status] = {
      description: response.description,
      ...(isError
        ? { content: errorContent() }
        : response.schema
          ? {
              content: {
                [contentType]: { schema: jsonSchema(response.schema, 'output') },
                ...(response.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
              },
            }
          : {}),
    };
  }
  const common: Array<[number, string, boolean]> = [
    [400, 'Bad input: the details name each field (unknown fields and query parameters, control characters, malformed JSON, wrong content type)', true],
    [401, 'No or bad bearer token', route.auth === 'staff'],
    [403, 'Not allowed for this caller (task actions: another department)', route.auth === 'staff'],
    [404, 'Not found', true],
    [413, `Body over ${maxBodyBytes} bytes`, route.method === 'POST'],
    [429, 'Rate limited; see Retry-After', doc?.rateLimited === true],
    [500, 'Our fault: the error carries a correlation id, never internals', true],
  ];
  for (const [status, description, applies] of common) {
    if (applies && !responses[status]) responses[status] = { description, content: errorContent() };
  }
  return {
    operationId: route.id,
    summary: doc?.summary ?? `${route.method} ${route.path}`,
    ...(route.localOnly ? { 'x-local-only': true } : {}),
    ...(route.auth === 'staff' ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: [...parameters('path', doc?.params, route), ...parameters('query', doc?.query, route), ...parameters('header', doc?.headers, route)],
    ...(doc?.body
      ? { requestBody: { required: true, content: { [contentType]: { schema: jsonSchema(doc.body, 'input') } } } }
      : route.method === 'POST' && !doc
        ? { requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } } }
        : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly Route[] = routeTable): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton HTTP API',
      version: '1',
      description:
        'Customer issues handed between sales, production and service. JSON; errors are { error: { code, message, details: [{ field, code, message }] } } with stable codes.',
      // As package.json says: no licence is granted. UNLICENSED is npm's word for that, not an SPDX id, so no `identifier`.
      license: { name: 'UNLICENSED' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(api.errorResponseSchema, 'output') },
    },
    paths,
  };
}
