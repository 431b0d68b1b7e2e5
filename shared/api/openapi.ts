// The OpenAPI 3.1 document of the HTTP API, generated from the route table and the zod schemas the
// handlers validate with (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). A route without
// an entry below is still listed, with its path parameters and the common responses.
import { z } from 'zod';
import { routes as routeTable, type Route } from '#shared/api/routes.ts';
import * as api from '#shared/api/schemas.ts';
import { submitIssueBody } from '#shared/domain/intake.ts';
import { completeTaskBody } from '#shared/domain/completion.ts';
import { changeCoordinatorBody } from '#shared/domain/coordinator.ts';
import { notificationSettingsBody } from '#shared/domain/staff-notices.ts';
import { issueIdParams, taskIdParams } from '#shared/http/path-parameters.ts';
import { maxBodyBytes } from '#shared/http/request-body.ts';

interface RouteDoc {
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; csv?: boolean }>;
  rateLimited?: boolean;
  /** Another wire format than Baton's JSON (the local identity speaks Cognito's protocol). */
  protocol?: { contentType: string; errorSchema: z.ZodType };
}

const ok = (schema: z.ZodType, description = 'OK') => ({ 200: { description, schema } });

const docs: Record<string, RouteDoc> = {
  Health: { summary: 'Ready to serve requests', responses: ok(api.healthSchema) },
  SubmitIssue: {
    summary: 'Submit an issue (public form)',
    headers: api.idempotencyHeader,
    body: submitIssueBody,
    rateLimited: true,
    responses: {
      201: { description: 'Created: the tracking code is shown to the customer once', schema: api.submittedSchema },
      202: { description: 'Attached to the same customer’s open issue for the same order', schema: api.submittedSchema },
      422: { description: 'Idempotency-Key reused with another body', schema: api.errorResponseSchema },
    },
  },
  Track: {
    summary: 'The customer’s view of their issue (tracking code + e-mail)',
    body: api.trackBody,
    rateLimited: true,
    responses: { ...ok(api.trackViewSchema), 404: { description: 'No issue matches this code and e-mail (no hint which is wrong)', schema: api.errorResponseSchema } },
  },
  PostCustomerMessage: {
    summary: 'The customer writes to their issue; answers a step that waits for them, if one does',
    body: api.customerMessageBody,
    rateLimited: true,
    responses: {
      201: { description: 'Stored on the timeline', schema: api.customerMessageResultSchema },
      404: { description: 'No issue matches this code and e-mail (no hint which is wrong)', schema: api.errorResponseSchema },
    },
  },
  ReopenIssue: {
    summary: 'The customer says their closed issue is not solved: it reopens into a follow-up step of the department that closed it',
    body: api.reopenBody,
    rateLimited: true,
    responses: {
      201: { description: 'Reopened; the follow-up step opens', schema: api.reopenResultSchema },
      404: { description: 'No issue matches this code and e-mail (no hint which is wrong)', schema: api.errorResponseSchema },
      409: { description: 'not_closed (write to the issue instead) or reopen_window_closed (more than 14 days after closing)', schema: api.errorResponseSchema },
    },
  },
  RateHandling: {
    summary: 'Once the issue is closed, the customer rates its handling (1–5) with an optional comment',
    body: api.ratingBody,
    rateLimited: true,
    responses: {
      201: { description: 'Stored on the timeline as a customer_rated event', schema: api.customerMessageResultSchema.pick({ received: true }) },
      404: { description: 'No issue matches this code and e-mail (no hint which is wrong)', schema: api.errorResponseSchema },
      409: { description: 'not_closed: the issue is still open', schema: api.errorResponseSchema },
    },
  },
  Unsubscribe: {
    summary: 'No more e-mail about this issue (the link in every customer e-mail)',
    body: api.trackBody,
    rateLimited: true,
    responses: { 200: { description: 'Unsubscribed (repeating it changes nothing)' }, 404: { description: 'No issue matches this code and e-mail', schema: api.errorResponseSchema } },
  },
  SendTrackingCodes: {
    summary: 'E-mail me my tracking codes: new codes for the open issues of this address; the old ones stop working',
    body: api.trackingCodesBody,
    rateLimited: true,
    responses: { 202: { description: 'The same answer whether or not the address is known', schema: api.acceptedSchema } },
  },
  NotificationFailures: { summary: 'Managers: notifications Baton gave up on', responses: ok(api.notificationFailuresSchema) },
  IdentityConfig: { summary: 'Where staff sign in: the Cognito user pool endpoint and its public web client (the local identity locally)', responses: ok(api.identityConfigSchema) },
  LocalIdentity: {
    summary:
      'Local runtime only: the local identity, speaking the Cognito user pool JSON protocol (InitiateAuth with USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH, RevokeToken, GlobalSignOut, and the Admin* actions and ListUsers of `npm run users`). On AWS the browser calls Cognito itself.',
    headers: api.cognitoTargetHeader,
    body: api.cognitoRequestSchema,
    rateLimited: true,
    protocol: { contentType: 'application/x-amz-json-1.1', errorSchema: api.cognitoErrorSchema },
    responses: {
      ...ok(api.cognitoResultSchema, 'The action’s output; InitiateAuth: AuthenticationResult (or a NEW_PASSWORD_REQUIRED challenge for a user whose password an administrator has not made permanent)'),
      400: {
        description:
          'Cognito’s errors by __type: NotAuthorizedException (wrong username or password, alike for unknown users; invalid or revoked refresh token), InvalidParameterException (unknown query parameters, unknown or missing fields, named), ResourceNotFoundException (unknown client, pool or group), UserNotFoundException and UsernameExistsException (admin actions), InvalidPasswordException, UnknownOperationException, SerializationException',
      },
      413: { description: `Body over ${maxBodyBytes} bytes (SerializationException)` },
      429: { description: 'TooManyRequestsException: too many password sign-ins from this address; see Retry-After' },
      500: { description: 'InternalErrorException' },
    },
  },
  Me: {
    summary: 'Who the bearer token says the caller is',
    responses: { ...ok(api.meSchema), 401: { description: 'No, bad or expired bearer token (or one without a username)', schema: api.errorResponseSchema } },
  },
  ListIssues: {
    summary: 'Issues by status (default open), optionally only those a department holds now; Accept: text/csv exports the page',
    query: api.listIssuesQuery,
    responses: { 200: { description: 'A page of issues (JSON), or CSV with X-Next-Token', schema: api.issueListSchema, csv: true } },
  },
  SearchIssues: { summary: 'Exact match on issue id, tracking code, e-mail or order reference', body: api.searchBody, responses: ok(api.searchResultSchema) },
  GetIssue: { summary: 'The issue 360: history, tasks, path, department clocks, the customer’s other issues', params: issueIdParams, responses: ok(api.issue360Schema) },
  AddNote: {
    summary: 'Add a note (internal or customer-visible), or a correction of an earlier event',
    params: issueIdParams,
    body: api.noteBody,
    responses: { 201: { description: 'The note, as a new event', schema: api.noteAddedSchema } },
  },
  ChangeCoordinator: {
    summary: 'Managers: name the issue’s coordinator, with a reason (an event)',
    params: issueIdParams,
    body: changeCoordinatorBody,
    responses: { ...ok(api.coordinatorResponseSchema), 403: { description: 'Not a manager', schema: api.errorResponseSchema } },
  },
  ListNotices: { summary: 'Your recent notices (to you and to your queues), how many are new, and your e-mail settings', responses: ok(api.noticesSchema) },
  MarkNoticesSeen: { summary: 'You looked at your notices up to `until`: the badge counts newer ones only', body: api.markNoticesSeenBody, responses: ok(api.noticesSeenSchema) },
  SaveNotificationSettings: {
    summary: 'Which kinds of notice (new_task, customer_reply, sla_warning, sla_breach, escalation) also reach you by e-mail, at which address, in which language',
    body: notificationSettingsBody,
    responses: ok(api.noticeSettingsResponseSchema),
  },
  GetCustomer: { summary: 'A customer and all their issues', params: api.customerIdParams, responses: ok(api.customer360Schema) },
  ListQueue: { summary: 'A department’s tasks by due time', params: api.departmentParams, query: api.queueQuery, responses: ok(api.queueSchema) },
  ClaimTask: { summary: 'Take a task as its only holder', params: taskIdParams, responses: { ...ok(api.taskResponseSchema), 409: { description: 'already_claimed or task_closed', schema: api.errorResponseSchema } } },
  ReleaseTask: { summary: 'Give a task back to its queue (holder or manager)', params: taskIdParams, responses: { ...ok(api.taskResponseSchema), 409: { description: 'not_claimed or task_closed', schema: api.errorResponseSchema } } },
  CompleteTask: {
    summary: 'Finish a held task with an outcome and a handoff packet',
    params: taskIdParams,
    body: completeTaskBody,
    responses: { ...ok(api.taskResponseSchema), 409: { description: 'not_claimed or task_closed', schema: api.errorResponseSchema } },
  },
  ListFlows: { summary: 'The flows with their versions', responses: ok(api.flowListSchema) },
  FlowMap: { summary: 'The live process map of a flow, drawn from its ASL', params: api.flowIdParams, responses: ok(api.processMapSchema) },
  OpenApi: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
};

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
  const doc = docs[route.id];
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
