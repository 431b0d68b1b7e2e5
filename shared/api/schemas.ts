// The HTTP API's request and response schemas, defined once: handlers validate with them, the
// OpenAPI document (shared/api/openapi.ts) is generated from them, and types are inferred from them.
import { z } from 'zod';
import { emailAddress, requiredText } from '#shared/domain/fields.ts';
import { eventSchema } from '#shared/domain/events.ts';
import { handoffSchema } from '#shared/domain/handoff.ts';
import { coordinatorSchema } from '#shared/domain/coordinator.ts';
import { staffNoticeKinds } from '#shared/domain/staff-notices.ts';
import { issueStatuses } from '#shared/domain/issue.ts';
import { localizedText, queueDepartments, taskSchema } from '#shared/domain/task.ts';
import { entityId } from '#shared/http/path-parameters.ts';

const pageToken = z.string().max(2_000, 'At most 2000 characters.');
const timestamp = z.string().describe('ISO-8601 UTC');

// ---- errors -------------------------------------------------------------------------------------
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable, for the UI to translate'),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    correlationId: z.string().optional().describe('On a 500 only: quote it when reporting the problem'),
  }),
});

// ---- path parameters ----------------------------------------------------------------------------
export const customerIdParams = z.object({ customerId: entityId('cus') });
export const flowIdParams = z.object({ flowId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'Not a flow id.') });
export const departmentParams = z.object({ department: z.enum(queueDepartments) });

// ---- query parameters (strict: an unknown one is a 400 naming it) -------------------------------
export const queueQuery = z.strictObject({
  view: z.enum(['open', 'mine', 'all']).default('open'),
  nextToken: pageToken.optional(),
});
export const listIssuesQuery = z.strictObject({
  status: z.enum(issueStatuses).default('open').describe('Default: open'),
  department: z.enum(queueDepartments).optional().describe('Issues this department holds now'),
  nextToken: pageToken.optional(),
});

// ---- request bodies (strict: an unknown field is a 400 naming it) -------------------------------
export const trackBody = z.strictObject({
  trackingCode: requiredText(40).regex(/^[A-Za-z0-9 -]+$/, 'Letters, digits, spaces and dashes only.'),
  email: emailAddress,
});
/** POST /api/track/messages: the look-up plus the customer's message. */
export const customerMessageBody = trackBody.extend({ message: requiredText(5_000) });
/** POST /api/track/rating: the look-up plus a rating of the handling, 1 (poor) to 5 (excellent), and an optional comment. */
export const ratingBody = trackBody.extend({
  rating: z.number().int('A whole number from 1 to 5.').min(1, 'From 1 to 5.').max(5, 'From 1 to 5.'),
  comment: z.string().trim().max(2_000, 'At most 2000 characters.').optional(),
});
/** POST /api/track/codes: "e-mail me my tracking codes". */
export const trackingCodesBody = z.strictObject({ email: emailAddress });
export const acceptedSchema = z.object({ accepted: z.literal(true) });
export const notificationFailuresSchema = z.object({
  failures: z.array(
    z.object({
      messageId: z.string(),
      kind: z.string(),
      issueId: z.string().optional(),
      recipient: z.enum(['customer', 'staff', 'address']),
      attempts: z.number().int(),
      lastError: z.string().optional(),
      createdAt: timestamp,
    }),
  ),
});
export const customerMessageResultSchema = z.object({ received: z.literal(true), answeredQuestion: z.boolean() });
/** POST /api/track/reopen: the look-up plus what is still wrong. */
export const reopenBody = trackBody.extend({ reason: requiredText(5_000).describe('What is still not solved') });
export const reopenResultSchema = z.object({ reopened: z.literal(true) });
export const searchBody = z.strictObject({
  q: requiredText(254).describe('An issue id, tracking code, e-mail address or order reference, matched exactly'),
});
export const noteBody = z.strictObject({
  text: requiredText(5_000),
  visibility: z.enum(['internal', 'customer']),
  corrects: z.number().int().positive().optional().describe('The seq of an earlier event of this issue that this note corrects'),
});
/** POST /api/feedback: what a person would like Baton to do for them, and the page they were on. */
export const feedbackPages = ['staff', 'manager'] as const;
export const feedbackBody = z.strictObject({
  text: requiredText(2_000).describe('What Baton should do for you'),
  page: z.enum(feedbackPages).describe('The page the suggestion was sent from'),
});
export const feedbackQuery = z.strictObject({ nextToken: pageToken.optional() });

// ---- headers ------------------------------------------------------------------------------------
export const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Letters, digits and _ . : - only, at most 100.')
    .optional()
    .describe('The same key with the same body again gives the same response (24 h); with another body, 422'),
});

// ---- responses ----------------------------------------------------------------------------------
export const holderViewSchema = z.object({ department: z.string(), since: timestamp });

export const issueSummarySchema = z.object({
  issueId: z.string(),
  customerId: z.string(),
  status: z.enum(issueStatuses),
  flowId: z.string(),
  flowVersion: z.number().int(),
  category: z.string(),
  subject: z.string(),
  orderRef: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  holders: z.array(holderViewSchema),
  reroutes: z.number().int(),
  bounces: z.number().int(),
});
export type IssueSummary = z.infer<typeof issueSummarySchema>;

export const issueListSchema = z.object({ issues: z.array(issueSummarySchema), nextToken: z.string().optional() });
export type IssueList = z.infer<typeof issueListSchema>;

/** What a queue row or a search result shows of its issue (shared/data/issue-headlines.ts). */
export const headlineSchema = z.object({
  subject: z.string(),
  status: z.enum(issueStatuses),
  customerName: z.string().optional(),
  company: z.string().optional(),
  orderRef: z.string().optional(),
  unreadMessage: z.boolean().describe('The customer wrote since staff last acted on the issue'),
});
export type Headline = z.infer<typeof headlineSchema>;
/** Headlines by issue id: every issue the answer names, once. */
export const headlinesSchema = z.record(z.string(), headlineSchema);

export const searchResultSchema = z.object({
  issues: z.array(issueSummarySchema.extend({ matchedBy: z.array(z.enum(['issueId', 'trackingCode', 'email', 'orderRef'])) })),
  headlines: headlinesSchema,
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const customerSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  company: z.string().optional(),
  createdAt: timestamp,
});
export const customerIssueSchema = z.object({ issueId: z.string(), subject: z.string(), status: z.string(), flowId: z.string(), createdAt: timestamp });
export const customer360Schema = z.object({ customer: customerSchema, issues: z.array(customerIssueSchema) });

export const coordinatorResponseSchema = z.object({ coordinator: coordinatorSchema });

export const issue360Schema = z.object({
  issue: issueSummarySchema.omit({ customerId: true, updatedAt: true }).extend({
    description: z.string(),
    coordinator: coordinatorSchema.optional().describe('The one person who answers for the issue; absent until its first step is completed'),
    reopens: z.number().int().describe('Times the customer said it was not solved'),
    holders: z.array(holderViewSchema.extend({ taskId: z.string() })),
  }),
  customer: customerSchema.optional(),
  events: z.array(eventSchema),
  handoffs: z.array(handoffSchema).describe('Every handoff packet, customer reply and “no reply” note in order; the last is what the next holder reads first'),
  tasks: z.array(taskSchema),
  path: z.array(z.string()),
  visits: z
    .array(
      z.object({
        taskId: z.string(),
        step: z.string(),
        department: z.string(),
        openedAt: timestamp,
        endedAt: timestamp.optional(),
        seconds: z.number().int().describe('Open to end, or open to now while active'),
        current: z.boolean().describe('The issue is at this step now'),
      }),
    )
    .describe('The path with times: each task in the order it opened, in the department that held it'),
  clocks: z.record(z.string(), z.number()),
  otherIssues: z.array(customerIssueSchema),
});

export const noteAddedSchema = z.object({ event: eventSchema });

/** GET /api/issues/{issueId}/progress: what an action changed, from the issue item alone (one read), for screens to poll. */
export const issueProgressSchema = z.object({
  issueId: z.string(),
  status: z.enum(issueStatuses),
  eventCount: z.number().int().describe('Grows with every change of the issue: compare it to know that something happened'),
  holders: z.array(holderViewSchema.extend({ taskId: z.string() })).describe('Departments holding the issue now'),
  reroutes: z.number().int(),
  bounces: z.number().int(),
});
export type IssueProgress = z.infer<typeof issueProgressSchema>;

export const feedbackSchema = z.object({
  feedbackId: z.string(),
  text: z.string(),
  page: z.enum(feedbackPages),
  username: z.string(),
  department: z.string().describe('The sender’s department (`management` for a manager)'),
  createdAt: timestamp,
});
export const feedbackSentSchema = z.object({ feedback: feedbackSchema });
export const feedbackListSchema = z.object({ feedback: z.array(feedbackSchema).describe('Newest first'), nextToken: z.string().optional() });
export type Feedback = z.infer<typeof feedbackSchema>;

/** The customer's view: no internal events, no staff names, no task ids or tokens. */
export const trackViewSchema = z.object({
  version: z.number().int().describe('Changes whenever anything the customer sees may have changed; also the ETag ("v<version>") that If-None-Match takes'),
  status: z.enum(issueStatuses),
  unsubscribed: z.boolean().describe('The customer asked for no more e-mail about this issue'),
  subject: z.string(),
  category: z.string(),
  createdAt: timestamp,
  holders: z.array(holderViewSchema).describe('Departments holding the issue now (parallel steps mean several)'),
  coordinator: z.object({ name: z.string() }).optional().describe('The person who answers for the issue: display name only'),
  reopen: z
    .object({ possible: z.boolean(), until: timestamp })
    .optional()
    .describe('Closed issues only: whether the customer may still say it is not solved, and until when (14 days after closing)'),
  nextSteps: z
    .array(z.object({ stepName: localizedText, department: z.string(), dueAt: timestamp }))
    .describe('The open steps and by when they are expected; empty when the issue waits for the customer or is closed'),
  timeline: z.array(
    z.object({
      seq: z.number().int(),
      at: timestamp,
      type: z.string(),
      from: z.enum(['customer', 'staff', 'system']),
      department: z.string().optional(),
      text: z.string().optional(),
      corrects: z.number().int().optional(),
      done: z.string().optional().describe('issue_closed: what was done'),
      promised: z.string().optional().describe('issue_closed: what was promised'),
      rating: z.number().int().optional().describe('customer_rated: 1 to 5'),
    }),
  ),
});
export type TrackView = z.infer<typeof trackViewSchema>;

export const submittedSchema = z.union([
  z.object({ issueId: z.string(), trackingCode: z.string() }),
  z.object({ attached: z.literal(true) }).describe('202: attached to the same customer’s open issue for the same order'),
]);
export const identityConfigSchema = z.object({
  endpoint: z.string().meta({ description: 'Where the browser sends the Cognito user pool API calls (InitiateAuth, RevokeToken)' }),
  userPoolId: z.string(),
  clientId: z.string().meta({ description: 'The public web client: no secret' }),
});
/** The local identity speaks the Cognito user pool JSON protocol; its body depends on X-Amz-Target. */
export const cognitoRequestSchema = z.record(z.string(), z.unknown()).meta({ description: 'The action’s input, as in the Cognito user pool API reference' });
export const cognitoResultSchema = z.record(z.string(), z.unknown()).meta({ description: 'The action’s output, e.g. InitiateAuth’s AuthenticationResult' });
export const cognitoErrorSchema = z.object({ __type: z.string(), message: z.string() });
export const cognitoTargetHeader = z.object({ 'X-Amz-Target': z.string().meta({ description: 'AWSCognitoIdentityProviderService.<Action>' }) });
export const meSchema = z.object({ username: z.string(), groups: z.array(z.string()) });
export const healthSchema = z.object({ ok: z.literal(true), mode: z.enum(['local', 'aws']) });

export const queueSchema = z.object({ tasks: z.array(taskSchema), headlines: headlinesSchema, nextToken: z.string().optional() });
export type Queue = z.infer<typeof queueSchema>;
export const taskResponseSchema = z.object({ task: taskSchema });

export const flowListSchema = z.object({
  flows: z.array(z.object({ flowId: z.string(), name: localizedText, version: z.number().int(), available: z.boolean() })),
});

export const flowKpisSchema = z.object({
  openIssues: z.number().int().describe('Issues whose flow started and that are not closed'),
  closedIssues: z.number().int(),
  meanCycleSeconds: z.number().nullable().describe('Mean end-to-end time (submitted to closed) of the closed issues; null before the first'),
  meanHeldSeconds: z.record(z.string(), z.number()).describe('Per department: seconds it held a closed issue, on average over the closed issues'),
  customerWaitShare: z.number().nullable().describe('Share (0 to 1) of the closed issues’ end-to-end time spent waiting for the customer'),
  reroutes: z.number().int(),
  bounces: z.number().int(),
  reopens: z.number().int().describe('Times customers said a closed issue was not solved (each reopened it)'),
  slaBreaches: z.number().int().describe('Tasks whose SLA ran out, every step of the flow'),
});
export const bounceReportSchema = z
  .array(z.object({ step: z.string(), from: z.string(), to: z.string(), count: z.number().int() }))
  .describe('Bounces per step: rerouted by `from` back to `to`, a department that had already handed the issue off; most first');
const liveCounts = z.object({
  open: z.number().int().describe('Unclaimed tasks now'),
  claimed: z.number().int().describe('Claimed tasks now'),
  overdueNow: z.number().int().describe('Of the open and claimed tasks, those past their due time now (never more than open + claimed)'),
  lateWithManager: z
    .number()
    .int()
    .describe('Issues this step ran late on that wait for a manager’s decision now; they are counted as open or claimed in the step’s decisions box, not here'),
  breachedPast: z.number().int().describe('SLA breaches so far (history, not now)'),
  oldestWaitSeconds: z.number().int().optional().describe('How long the oldest unclaimed task has waited; absent when none waits'),
});
const outcomeLabel = z.object({ id: z.string(), label: localizedText });
export const readableMapSchema = z.object({
  flowId: z.string(),
  version: z.number().int(),
  lanes: z.array(z.object({ department: z.string() })).describe('Top to bottom; management last'),
  nodes: z.array(
    z.object({
      id: z.string().describe('The ASL state; `<state>@<department>` for a step rerouted there; `decisions:<state>` for the manager decisions about a step'),
      kind: z.enum(['step', 'decisions', 'parallel', 'end']),
      department: z.string().describe('The lane: for a rerouted step, the department holding it now'),
      homeDepartment: z.string().optional().describe('A rerouted step’s own department'),
      step: z.string().optional(),
      name: localizedText.optional().describe('The step’s name (a decisions box: the step the decisions are about)'),
      steps: z.array(z.string()).describe('Every step id the box stands for (an issue’s path is drawn through them)'),
      slaSeconds: z.number().optional(),
      outcomes: z.array(outcomeLabel).optional(),
      counts: liveCounts.optional(),
      wait: z.enum(['none', 'some', 'long', 'overdue']).optional().describe('How badly issues wait here now, for shading: overdue; long (3 or more unclaimed, or the oldest past half its SLA); some; none'),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z.enum(['flow', 'decision', 'rerouted']),
      outcomes: z.array(outcomeLabel).describe('The outcomes of the step at `from` that take this way'),
    }),
  ),
  callout: z
    .object({
      node: z.string(),
      kind: z.enum(['step', 'decisions']),
      name: localizedText,
      department: z.string(),
      reason: z.enum(['overdue', 'waiting']),
      open: z.number().int(),
      overdueNow: z.number().int(),
      oldestWaitSeconds: z.number().int().optional(),
    })
    .nullable()
    .describe('Where issues wait worst now (overdue first, then the oldest unclaimed task against its SLA, then the backlog); null when nothing waits'),
  kpis: flowKpisSchema,
  bounces: bounceReportSchema,
});
export type ReadableMap = z.infer<typeof readableMapSchema>;
export type FlowKpis = z.infer<typeof flowKpisSchema>;
export type BounceReport = z.infer<typeof bounceReportSchema>;

// ---- staff notices (shared/domain/staff-notices.ts) -----------------------------------------------
export const markNoticesSeenBody = z.strictObject({ until: z.iso.datetime({ message: 'An ISO-8601 UTC time.' }).describe('Notices at or before this instant count as seen') });
const noticeSettingsSchema = z.object({ email: z.string().optional(), language: z.string(), emailFor: z.array(z.string()) });
export const noticesSchema = z.object({
  notices: z.array(
    z.object({
      kind: z.enum(staffNoticeKinds),
      at: timestamp,
      count: z.number().int().describe('New tasks of one queue within 15 minutes are one notice with a count'),
      issueIds: z.array(z.string()),
      data: z.record(z.string(), z.unknown()),
      to: z.string().describe('`person`: to you; else the queue it went to'),
    }),
  ),
  unseen: z.number().int().describe('Notices newer than the last POST /api/me/notifications/seen'),
  settings: noticeSettingsSchema,
});
export const noticeSettingsResponseSchema = z.object({ settings: noticeSettingsSchema });
export const noticesSeenSchema = z.object({ seenUntil: timestamp });
