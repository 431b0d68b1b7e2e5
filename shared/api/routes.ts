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
  /** Served by the local identity only; on AWS, Cognito does this job. */
  localOnly?: boolean;
}

export const routes: readonly Route[] = [
  { id: 'Health', method: 'GET', path: '/api/health', auth: 'public', entry: 'functions/system/health.ts' },
  { id: 'SubmitIssue', method: 'POST', path: '/api/issues', auth: 'public', entry: 'functions/issues/submit-issue.ts' },
  { id: 'Me', method: 'GET', path: '/api/me', auth: 'staff', entry: 'functions/auth/me.ts' },
  { id: 'GetIssue', method: 'GET', path: '/api/issues/{issueId}', auth: 'staff', entry: 'functions/issues/get-issue.ts' },
  { id: 'ListQueue', method: 'GET', path: '/api/queues/{department}', auth: 'staff', entry: 'functions/queues/list-queue.ts' },
  { id: 'ClaimTask', method: 'POST', path: '/api/tasks/{taskId}/claim', auth: 'staff', entry: 'functions/tasks/claim-task.ts' },
  { id: 'ReleaseTask', method: 'POST', path: '/api/tasks/{taskId}/release', auth: 'staff', entry: 'functions/tasks/release-task.ts' },
  { id: 'CompleteTask', method: 'POST', path: '/api/tasks/{taskId}/complete', auth: 'staff', entry: 'functions/tasks/complete-task.ts' },
  {
    id: 'LocalLogin',
    method: 'POST',
    path: '/api/auth/login',
    auth: 'public',
    entry: 'infra/local/identity/login-handler.ts',
    localOnly: true,
  },
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;
