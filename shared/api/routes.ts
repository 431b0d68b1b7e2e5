// The route table, defined once: the local HTTP server and the CDK HTTP API both read it.

export type RouteAuth = 'public' | 'staff';

export interface Route {
  /** Stable id, also the Lambda function's logical name in CDK. */
  id: string;
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  auth: RouteAuth;
  /** Handler module, relative to the project root; it exports `handler`. */
  entry: string;
  /** What the handler may do to the table (least privilege on AWS). */
  tableAccess: 'none' | 'read' | 'readWrite';
  /** Whether the handler starts executions or sends task callbacks. */
  stateMachines: boolean;
  /** Served by the local identity only; on AWS, Cognito does this job. */
  localOnly?: boolean;
  /** The handler rate-limits per client address: on AWS it is told the CloudFront edge secret (see shared/http/RATE-LIMITS.md). */
  limitsClients?: boolean;
  /** The handler tells the browser where staff sign in: on AWS it is given the user pool's endpoint and web client. */
  readsIdentityConfig?: boolean;
  /** The handler reads staff members' addresses from the identity (shared/auth/staff-directory.ts): on AWS AdminGetUser on the pool. */
  readsStaffDirectory?: boolean;
  /** The handler reads the flow files (workflows/*.asl.json): on AWS they are bundled with it. */
  readsWorkflows?: boolean;
}

const routeTable = [
  { id: 'Health', method: 'GET', path: '/api/health', auth: 'public', entry: 'functions/system/health.ts', tableAccess: 'read', stateMachines: false },
  { id: 'SubmitIssue', method: 'POST', path: '/api/issues', auth: 'public', entry: 'functions/issues/submit-issue.ts', tableAccess: 'readWrite', stateMachines: true, limitsClients: true },
  { id: 'Me', method: 'GET', path: '/api/me', auth: 'staff', entry: 'functions/auth/me.ts', tableAccess: 'none', stateMachines: false },
  { id: 'ListNotices', method: 'GET', path: '/api/me/notifications', auth: 'staff', entry: 'functions/staff/list-notices.ts', tableAccess: 'read', stateMachines: false },
  { id: 'MarkNoticesSeen', method: 'POST', path: '/api/me/notifications/seen', auth: 'staff', entry: 'functions/staff/mark-notices-seen.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'SaveNotificationSettings', method: 'POST', path: '/api/me/notification-settings', auth: 'staff', entry: 'functions/staff/save-notification-settings.ts', tableAccess: 'readWrite', stateMachines: false, readsStaffDirectory: true },
  { id: 'GetIssue', method: 'GET', path: '/api/issues/{issueId}', auth: 'staff', entry: 'functions/issues/get-issue.ts', tableAccess: 'read', stateMachines: false },
  { id: 'ListQueue', method: 'GET', path: '/api/queues/{department}', auth: 'staff', entry: 'functions/queues/list-queue.ts', tableAccess: 'read', stateMachines: false },
  { id: 'ClaimTask', method: 'POST', path: '/api/tasks/{taskId}/claim', auth: 'staff', entry: 'functions/tasks/claim-task.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'ReleaseTask', method: 'POST', path: '/api/tasks/{taskId}/release', auth: 'staff', entry: 'functions/tasks/release-task.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'CompleteTask', method: 'POST', path: '/api/tasks/{taskId}/complete', auth: 'staff', entry: 'functions/tasks/complete-task.ts', tableAccess: 'readWrite', stateMachines: true, readsWorkflows: true },
  { id: 'Track', method: 'POST', path: '/api/track', auth: 'public', entry: 'functions/tracking/track-issue.ts', tableAccess: 'readWrite', stateMachines: false, limitsClients: true },
  { id: 'PostCustomerMessage', method: 'POST', path: '/api/track/messages', auth: 'public', entry: 'functions/tracking/post-customer-message.ts', tableAccess: 'readWrite', stateMachines: true, limitsClients: true },
  { id: 'ReopenIssue', method: 'POST', path: '/api/track/reopen', auth: 'public', entry: 'functions/tracking/reopen-issue.ts', tableAccess: 'readWrite', stateMachines: true, limitsClients: true },
  { id: 'RateHandling', method: 'POST', path: '/api/track/rating', auth: 'public', entry: 'functions/tracking/rate-handling.ts', tableAccess: 'readWrite', stateMachines: false, limitsClients: true },
  { id: 'Unsubscribe', method: 'POST', path: '/api/track/unsubscribe', auth: 'public', entry: 'functions/tracking/unsubscribe.ts', tableAccess: 'readWrite', stateMachines: false, limitsClients: true },
  { id: 'SendTrackingCodes', method: 'POST', path: '/api/track/codes', auth: 'public', entry: 'functions/tracking/send-tracking-codes.ts', tableAccess: 'readWrite', stateMachines: false, limitsClients: true },
  { id: 'NotificationFailures', method: 'GET', path: '/api/notifications/failures', auth: 'staff', entry: 'functions/notifications/list-failures.ts', tableAccess: 'read', stateMachines: false },
  { id: 'ListIssues', method: 'GET', path: '/api/issues', auth: 'staff', entry: 'functions/issues/list-issues.ts', tableAccess: 'read', stateMachines: false },
  { id: 'SearchIssues', method: 'POST', path: '/api/issues/search', auth: 'staff', entry: 'functions/issues/search-issues.ts', tableAccess: 'read', stateMachines: false },
  { id: 'AddNote', method: 'POST', path: '/api/issues/{issueId}/notes', auth: 'staff', entry: 'functions/issues/add-note.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'ChangeCoordinator', method: 'POST', path: '/api/issues/{issueId}/coordinator', auth: 'staff', entry: 'functions/issues/change-coordinator.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'GetCustomer', method: 'GET', path: '/api/customers/{customerId}', auth: 'staff', entry: 'functions/customers/get-customer.ts', tableAccess: 'read', stateMachines: false },
  { id: 'ListFlows', method: 'GET', path: '/api/flows', auth: 'staff', entry: 'functions/flows/list-flows.ts', tableAccess: 'none', stateMachines: false, readsWorkflows: true },
  { id: 'FlowMap', method: 'GET', path: '/api/flows/{flowId}/map', auth: 'staff', entry: 'functions/flows/flow-map.ts', tableAccess: 'read', stateMachines: false, readsWorkflows: true },
  { id: 'Figures', method: 'GET', path: '/api/figures', auth: 'staff', entry: 'functions/figures/get-figures.ts', tableAccess: 'read', stateMachines: false },
  { id: 'IssueProgress', method: 'GET', path: '/api/issues/{issueId}/progress', auth: 'staff', entry: 'functions/issues/issue-progress.ts', tableAccess: 'read', stateMachines: false },
  { id: 'SendFeedback', method: 'POST', path: '/api/feedback', auth: 'staff', entry: 'functions/feedback/send-feedback.ts', tableAccess: 'readWrite', stateMachines: false },
  { id: 'ListFeedback', method: 'GET', path: '/api/feedback', auth: 'staff', entry: 'functions/feedback/list-feedback.ts', tableAccess: 'read', stateMachines: false },
  { id: 'OpenApi', method: 'GET', path: '/api/openapi.json', auth: 'public', entry: 'functions/system/openapi.ts', tableAccess: 'none', stateMachines: false },
  { id: 'IdentityConfig', method: 'GET', path: '/api/auth/config', auth: 'public', entry: 'functions/auth/identity-config.ts', tableAccess: 'none', stateMachines: false, readsIdentityConfig: true },
  {
    id: 'LocalIdentity',
    method: 'POST',
    // The AWS SDK posts to its endpoint's path plus "/".
    path: '/api/auth/cognito/',
    auth: 'public',
    entry: 'infra/local/identity/cognito-endpoint.ts',
    tableAccess: 'readWrite',
    stateMachines: false,
    localOnly: true,
  },
] as const satisfies readonly Route[];

export const routes: readonly Route[] = routeTable;

/** The route table's literal types, for the contracts and the tests' typed client. */
type RouteEntry = (typeof routeTable)[number];
export type RouteId = RouteEntry['id'];
export type RoutePath<Method extends Route['method']> = Extract<RouteEntry, { method: Method }>['path'];
export type RouteIdOf<Method extends Route['method'], Path extends string> = Extract<RouteEntry, { method: Method; path: Path }>['id'];

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;
