import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/api/openapi.ts';
import { routeKey, routes, type Route } from '#shared/api/routes.ts';

describe('the OpenAPI document', () => {
  const document = openApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };

  it('is OpenAPI 3.1 with one operation per route of the route table', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(routes.map(routeKey).sort());
  });

  it("states the project's licence, the one package.json gives", () => {
    const { license } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { license: string };
    expect(license).toBe('UNLICENSED');
    expect((document as unknown as { info: { license: unknown } }).info.license).toEqual({ name: license });
  });

  it('secures staff routes with a bearer token and documents their 401 and 403', () => {
    for (const route of routes.filter((candidate) => candidate.auth === 'staff')) {
      const operation = document.paths[route.path]![route.method.toLowerCase()];
      expect(operation.security, route.id).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses), route.id).toEqual(expect.arrayContaining(['400', '401', '403', '500']));
    }
  });

  it('lists a route someone adds without documenting it, with its path parameters', () => {
    const added: Route = { id: 'Added', method: 'POST', path: '/api/things/{thingId}/poke', auth: 'staff', entry: 'x.ts', tableAccess: 'none', stateMachines: false };
    const operation = (openApiDocument([added]) as typeof document).paths['/api/things/{thingId}/poke']!.post;
    expect(operation.parameters).toEqual([{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('describes request bodies from the zod schemas, unknown fields refused', () => {
    const note = document.paths['/api/issues/{issueId}/notes']!.post.requestBody.content['application/json'].schema;
    expect(note).toMatchObject({ type: 'object', additionalProperties: false, required: ['text', 'visibility'], properties: { visibility: { enum: ['internal', 'customer'] } } });
  });

  it('lists every response of the sign-in routes: who am I, where to sign in, and the local identity in Cognito’s protocol', () => {
    const me = document.paths['/api/me']!.get;
    expect(Object.keys(me.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500']);
    const config = document.paths['/api/auth/config']!.get;
    expect(config.responses['200'].content['application/json'].schema).toMatchObject({ required: ['endpoint', 'userPoolId', 'clientId'] });
    const identity = document.paths['/api/auth/cognito/']!.post;
    expect(Object.keys(identity.responses).sort()).toEqual(['200', '400', '404', '413', '429', '500']);
    expect(identity.responses['400'].description).toContain('NotAuthorizedException');
    expect(identity.responses['400'].content['application/x-amz-json-1.1'].schema).toMatchObject({ required: ['__type', 'message'] });
    expect(identity.parameters).toEqual([expect.objectContaining({ name: 'X-Amz-Target', in: 'header', required: true })]);
  });
});
