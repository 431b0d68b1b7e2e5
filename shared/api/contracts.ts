// What each route takes and answers, per status, from the schemas in shared/api/schemas.ts: the
// OpenAPI document (openapi.ts) is written from it, the local runtime checks every handler's
// response against it (response-check.ts), and the tests' typed client infers its result types from it.
import type { z } from 'zod';
import type { RouteId } from '#shared/api/routes.ts';
import * as api from '#shared/api/schemas.ts';
import { figuresQuery, figuresReportSchema } from '#shared/api/figure-schemas.ts';
import { completeTaskBody } from '#shared/domain/completion.ts';
import { submitIssueBody } from '#shared/domain/intake.ts';
import { changeCoordinatorBody } from '#shared/domain/coordinator.ts';
import { notificationSettingsBody } from '#shared/domain/staff-notices.ts';
import { issueIdParams, taskIdParams } from '#shared/http/path-parameters.ts';
import { maxBodyBytes } from '#shared/http/request-body.ts';

export interface RouteContract {
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

const ok = <Schema extends z.ZodType>(schema: Schema, description = 'OK') => ({ 200: { description, schema } });
/** The customer's routes: a wrong tracking code or e-mail is one answer, so neither can be guessed apart. */
const unknownCode = { 404: { description: 'No issue matches this code and e-mail (no hint which is wrong)', schema: api.errorResponseSchema } };
const notManager = { 403: { description: 'Not a manager', schema: api.errorResponseSchema } };

export const routeContracts = {
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
    responses: {
      ...ok(api.trackViewSchema),
      304: { description: 'Not modified: the issue has not changed since the ETag sent in If-None-Match (no body)' },
      ...unknownCode,
    },
  },
  PostCustomerMessage: {
    summary: 'The customer writes to their issue; answers a step that waits for them, if one does',
    body: api.customerMessageBody,
    rateLimited: true,
    responses: {
      201: { description: 'Stored on the timeline', schema: api.customerMessageResultSchema },
      ...unknownCode,
    },
  },
  ReopenIssue: {
    summary: 'The customer says their closed issue is not solved: it reopens into a follow-up step of the department that closed it',
    body: api.reopenBody,
    rateLimited: true,
    responses: {
      201: { description: 'Reopened; the follow-up step opens', schema: api.reopenResultSchema },
      ...unknownCode,
      409: { description: 'not_closed (write to the issue instead) or reopen_window_closed (more than 14 days after closing)', schema: api.errorResponseSchema },
    },
  },
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
    responses: { ...ok(api.coordinatorResponseSchema), ...notManager },
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
  FlowMap: { summary: 'The live process map of a flow, folded from its ASL into steps, lanes, decisions and labelled ways, with what waits now', params: api.flowIdParams, responses: ok(api.readableMapSchema) },
  IssueProgress: { summary: 'Status, holders and change count of an issue from one read: what a screen polls after an action', params: issueIdParams, responses: ok(api.issueProgressSchema) },
  SendFeedback: { summary: 'Tell us what Baton should do for you (any staff member or manager)', body: api.feedbackBody, responses: { 201: { description: 'The suggestion, stored', schema: api.feedbackSentSchema } } },
  ListFeedback: {
    summary: 'The suggestions staff and managers sent, newest first (managers only)',
    query: api.feedbackQuery,
    responses: { ...ok(api.feedbackListSchema), ...notManager },
  },
  Figures: {
    summary: 'Managers only: figures for a period of UTC days, per flow version and week, and open issues by age; Accept: text/csv or format=csv exports one table',
    query: figuresQuery,
    responses: {
      200: { description: 'The figures (JSON), or the CSV of one figure table (table=)', schema: figuresReportSchema, csv: true },
      ...notManager,
    },
  },
  RateHandling: {
    summary: 'Once the issue is closed, the customer rates its handling (1–5) with an optional comment',
    body: api.ratingBody,
    rateLimited: true,
    responses: {
      201: { description: 'Stored on the timeline as a customer_rated event', schema: api.customerMessageResultSchema.pick({ received: true }) },
      ...unknownCode,
      409: { description: 'not_closed: the issue is still open', schema: api.errorResponseSchema },
    },
  },
  Unsubscribe: {
    summary: 'No more e-mail about this issue (the link in every customer e-mail)',
    body: api.trackBody,
    rateLimited: true,
    responses: { 200: { description: 'Unsubscribed (repeating it changes nothing)' }, ...unknownCode },
  },
  SendTrackingCodes: {
    summary: 'E-mail me my tracking codes: new codes for the open issues of this address; the old ones stop working',
    body: api.trackingCodesBody,
    rateLimited: true,
    responses: { 202: { description: 'The same answer whether or not the address is known', schema: api.acceptedSchema } },
  },
  NotificationFailures: { summary: 'Managers: notifications Baton gave up on', responses: { ...ok(api.notificationFailuresSchema), ...notManager } },
  OpenApi: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
} satisfies Record<RouteId, RouteContract>;
