// The authorisation matrix, through the real local server: each role (no token, a bad token, each
// department, a manager) on each route, on its own department's and another department's work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, waitForTask, type TaskView, type TestBaton } from '../../support/local-baton.ts';
import { openTaskOf, packet, submitAndTriage, triageDone, uniqueIssue, work, type SubmittedIssue } from '../../support/api-fixtures.ts';
import { routes } from '#shared/api/routes.ts';

type Role = 'none' | 'badToken' | 'sales' | 'production' | 'service' | 'manager';
type Department = 'sales' | 'production' | 'service';
type Scope = 'own' | 'other' | 'other, finished task' | 'any';
const roles: Role[] = ['none', 'badToken', 'sales', 'production', 'service', 'manager'];

/** Expected status per role, in the order of `roles`. */
const matrix: Array<[routeId: string, scope: Scope, expected: [number, number, number, number, number, number]]> = [
  ['Health', 'any', [200, 200, 200, 200, 200, 200]],
  ['OpenApi', 'any', [200, 200, 200, 200, 200, 200]],
  ['IdentityConfig', 'any', [200, 200, 200, 200, 200, 200]],
  ['LocalIdentity', 'any', [200, 200, 200, 200, 200, 200]],
  ['SubmitIssue', 'any', [201, 201, 201, 201, 201, 201]],
  ['Track', 'any', [200, 200, 200, 200, 200, 200]],
  ['PostCustomerMessage', 'any', [201, 201, 201, 201, 201, 201]],
  // Public, like the other tracking routes; the issue is open, so everyone gets the same 409 not_closed.
  ['ReopenIssue', 'any', [409, 409, 409, 409, 409, 409]],
  ['ChangeCoordinator', 'any', [401, 401, 403, 403, 403, 200]],
  ['ListNotices', 'any', [401, 401, 200, 200, 200, 200]],
  ['MarkNoticesSeen', 'any', [401, 401, 200, 200, 200, 200]],
  ['SaveNotificationSettings', 'any', [401, 401, 200, 200, 200, 200]],
  ['Me', 'any', [401, 401, 200, 200, 200, 200]],
  ['ListIssues', 'any', [401, 401, 200, 200, 200, 200]],
  ['SearchIssues', 'any', [401, 401, 200, 200, 200, 200]],
  ['GetCustomer', 'any', [401, 401, 200, 200, 200, 200]],
  ['ListFlows', 'any', [401, 401, 200, 200, 200, 200]],
  ['FlowMap', 'any', [401, 401, 200, 200, 200, 200]],
  ['Figures', 'any', [401, 401, 403, 403, 403, 200]],
  ['IssueProgress', 'any', [401, 401, 200, 200, 200, 200]],
  ['SendFeedback', 'any', [401, 401, 201, 201, 201, 201]],
  ['ListFeedback', 'any', [401, 401, 403, 403, 403, 200]],
  ['NotificationFailures', 'any', [401, 401, 403, 403, 403, 200]],
  // The customer's routes take no token: the same answer whoever calls (a rating waits for the closing).
  ['Unsubscribe', 'any', [200, 200, 200, 200, 200, 200]],
  ['SendTrackingCodes', 'any', [202, 202, 202, 202, 202, 202]],
  ['RateHandling', 'any', [409, 409, 409, 409, 409, 409]],
  ['ListQueue', 'own', [401, 401, 200, 200, 200, 200]],
  ['ListQueue', 'other', [401, 401, 200, 200, 200, 200]],
  ['GetIssue', 'own', [401, 401, 200, 200, 200, 200]],
  ['GetIssue', 'other', [401, 401, 200, 200, 200, 200]],
  ['AddNote', 'own', [401, 401, 201, 201, 201, 201]],
  ['AddNote', 'other', [401, 401, 201, 201, 201, 201]],
  ['ClaimTask', 'own', [401, 401, 200, 200, 200, 200]],
  ['ClaimTask', 'other', [401, 401, 403, 403, 403, 200]],
  ['ClaimTask', 'other, finished task', [401, 401, 403, 403, 403, 409]],
  ['ReleaseTask', 'own', [401, 401, 200, 200, 200, 200]],
  ['ReleaseTask', 'other', [401, 401, 403, 403, 403, 200]],
  ['ReleaseTask', 'other, finished task', [401, 401, 403, 403, 403, 409]],
  ['CompleteTask', 'own', [401, 401, 200, 200, 200, 200]],
  ['CompleteTask', 'other', [401, 401, 403, 403, 403, 200]],
  ['CompleteTask', 'other, finished task', [401, 401, 403, 403, 403, 409]],
];

const completions: Record<string, { outcome: string; fields: Record<string, unknown> }> = {
  triage: triageDone,
  remedy: { outcome: 'replacement', fields: { offer: 'A new pump' } },
  'root-cause': { outcome: 'root_cause_found', fields: { rootCause: 'Bearing batch 42' } },
};

let baton: TestBaton;
const tokens: Partial<Record<Role, string>> = {};
/** Fresh open tasks per department, taken by the cells that change a task. */
const pool: Record<Department, TaskView[]> = { sales: [], production: [], service: [] };
/** Open tasks that cells only try (refused ones) and finished ones, per department. */
const shared: Record<Department, TaskView> = {} as Record<Department, TaskView>;
const finished: Record<Department, TaskView> = {} as Record<Department, TaskView>;
/** An issue each department holds now. */
const heldBy: Record<Department, SubmittedIssue> = {} as Record<Department, SubmittedIssue>;
let customerId: string;

/** An issue past triage: production and sales each hold a task of it. */
async function pastTriage() {
  const { issue, triage } = await submitAndTriage(baton, tokens.service!);
  await work(baton, tokens.service!, triage, triageDone.outcome, triageDone.fields);
  const rootCause = await waitForTask(baton, tokens.production!, issue.issueId, openTaskOf('root-cause'));
  const remedy = await waitForTask(baton, tokens.sales!, issue.issueId, openTaskOf('remedy'));
  return { issue, rootCause, remedy };
}

beforeAll(async () => {
  baton = await startTestBaton();
  for (const user of ['sales', 'production', 'service', 'manager'] as const) tokens[user] = await baton.login(user);
  tokens.badToken = `${tokens.sales!.slice(0, -6)}AAAAAA`;
  // Each department's own cells take 3 fresh tasks; a manager's take 3 of service ("own") and 3 of sales ("other").
  const triaged = await Promise.all(Array.from({ length: 8 }, () => submitAndTriage(baton, tokens.service!)));
  const split = await Promise.all(Array.from({ length: 8 }, () => pastTriage()));
  pool.service = triaged.slice(0, 6).map(({ triage }) => triage);
  [shared.service, finished.service] = triaged.slice(6).map(({ triage }) => triage) as [TaskView, TaskView];
  pool.sales = split.slice(0, 6).map(({ remedy }) => remedy);
  pool.production = split.slice(0, 3).map(({ rootCause }) => rootCause);
  shared.sales = split[6]!.remedy;
  shared.production = split[6]!.rootCause;
  for (const department of ['service', 'sales', 'production'] as const) {
    const task = department === 'service' ? finished.service : department === 'sales' ? split[7]!.remedy : split[7]!.rootCause;
    const done = completions[task.step]!;
    await work(baton, tokens.manager!, task, done.outcome, done.fields);
    finished[department] = task;
  }
  heldBy.service = triaged[5]!.issue;
  heldBy.sales = split[6]!.issue;
  heldBy.production = split[6]!.issue;
  customerId = (await baton.request('GET', `/api/issues/${heldBy.service.issueId}`, { token: tokens.manager })).body.customer.customerId;
});
afterAll(async () => {
  await baton.dispose();
});

const ownDepartment = (role: Role): Department => (role === 'sales' || role === 'production' || role === 'service' ? role : 'service');
/** Another department than the caller's (for a manager, whose own queue is management's: sales). */
const otherDepartment = (role: Role): Department =>
  role === 'manager' ? 'sales' : ({ sales: 'service', production: 'sales', service: 'production' } as const)[ownDepartment(role)];

async function act(routeId: string, role: Role, scope: Scope): Promise<number> {
  const token = tokens[role];
  const department = scope === 'own' ? ownDepartment(role) : otherDepartment(role);
  const call = (method: string, route: string, body?: unknown) => baton.request(method, route, { token, body });
  const taskAction = async (action: 'claim' | 'release' | 'complete') => {
    if (scope === 'other, finished task') {
      const done = completions[finished[department].step]!;
      return call('POST', `/api/tasks/${finished[department].taskId}/${action}`, { ...done, packet: packet(done.outcome) });
    }
    const refused = !token || role === 'badToken' || (scope === 'other' && role !== 'manager');
    const task = refused ? shared[department] : pool[department].shift();
    if (!task) throw new Error(`The ${department} pool ran dry`);
    const done = completions[task.step]!;
    if (!refused && action !== 'claim') await call('POST', `/api/tasks/${task.taskId}/claim`);
    return call('POST', `/api/tasks/${task.taskId}/${action}`, { ...done, packet: packet(done.outcome) });
  };
  const response = await (async () => {
    switch (routeId) {
      case 'Health': return call('GET', '/api/health');
      case 'OpenApi': return call('GET', '/api/openapi.json');
      case 'IdentityConfig': return call('GET', '/api/auth/config');
      case 'LocalIdentity': return baton.request('POST', '/api/auth/cognito/', {
        token,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        rawBody: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'baton-local-web', AuthParameters: { USERNAME: 'service', PASSWORD: 'baton' } }),
      });
      case 'SubmitIssue': return call('POST', '/api/issues', uniqueIssue());
      case 'Track': return call('POST', '/api/track', { trackingCode: heldBy.service.trackingCode, email: heldBy.service.email });
      case 'PostCustomerMessage': return call('POST', '/api/track/messages', { trackingCode: heldBy.service.trackingCode, email: heldBy.service.email, message: `Hello from ${role}` });
      case 'ReopenIssue': return call('POST', '/api/track/reopen', { trackingCode: heldBy.service.trackingCode, email: heldBy.service.email, reason: `Not solved, says ${role}` });
      case 'ChangeCoordinator': return call('POST', `/api/issues/${heldBy.service.issueId}/coordinator`, { username: 'service2', reason: `Asked by ${role}` });
      case 'ListNotices': return call('GET', '/api/me/notifications');
      case 'MarkNoticesSeen': return call('POST', '/api/me/notifications/seen', { until: '2026-01-01T00:00:00.000Z' });
      case 'SaveNotificationSettings': return call('POST', '/api/me/notification-settings', { emailFor: [] });
      case 'Me': return call('GET', '/api/me');
      case 'ListIssues': return call('GET', '/api/issues?status=open');
      case 'SearchIssues': return call('POST', '/api/issues/search', { q: heldBy.sales.orderRef });
      case 'GetCustomer': return call('GET', `/api/customers/${customerId}`);
      case 'ListFlows': return call('GET', '/api/flows');
      case 'FlowMap': return call('GET', '/api/flows/product-defect/map');
      case 'Figures': return call('GET', '/api/figures?from=2026-01-01&to=2026-01-31');
      case 'IssueProgress': return call('GET', `/api/issues/${heldBy.service.issueId}/progress`);
      case 'SendFeedback': return call('POST', '/api/feedback', { text: `A wish of ${role}`, page: role === 'manager' ? 'manager' : 'staff' });
      case 'ListFeedback': return call('GET', '/api/feedback');
      case 'NotificationFailures': return call('GET', '/api/notifications/failures');
      case 'Unsubscribe': return call('POST', '/api/track/unsubscribe', { trackingCode: heldBy.service.trackingCode, email: heldBy.service.email });
      // An address Baton does not know: the answer is the same, and nobody's codes are renewed.
      case 'SendTrackingCodes': return call('POST', '/api/track/codes', { email: `nobody-${role}@example.com` });
      case 'RateHandling': return call('POST', '/api/track/rating', { trackingCode: heldBy.service.trackingCode, email: heldBy.service.email, rating: 4 });
      case 'ListQueue': return call('GET', `/api/queues/${scope === 'own' && role === 'manager' ? 'management' : department}?view=all`);
      case 'GetIssue': return call('GET', `/api/issues/${heldBy[department].issueId}`);
      case 'AddNote': return call('POST', `/api/issues/${heldBy[department].issueId}/notes`, { text: `A note by ${role}`, visibility: 'internal' });
      case 'ClaimTask': return taskAction('claim');
      case 'ReleaseTask': return taskAction('release');
      case 'CompleteTask': return taskAction('complete');
      default: throw new Error(`No cell for ${routeId}`);
    }
  })();
  if (response.status >= 400) expect(response.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
  return response.status;
}

const cells = matrix.flatMap(([routeId, scope, expected]) => roles.map((role, index) => ({ routeId, scope, role, expected: expected[index]! })));

describe('who may call what', () => {
  it.each(cells)('$routeId ($scope) as $role → $expected', async ({ routeId, scope, role, expected }) => {
    // Act
    const status = await act(routeId, role, scope);
    // Assess
    expect(status).toBe(expected);
  });

  it('the matrix covers every route the local server serves', () => {
    const covered = new Set(matrix.map(([routeId]) => routeId));
    expect(routes.filter((route) => !covered.has(route.id)).map((route) => route.id)).toEqual([]);
  });

  it('a department refused a task is refused before the task’s state is read: the same 403 for an open and a finished task', async () => {
    // Act
    const open = await baton.request('POST', `/api/tasks/${shared.service.taskId}/claim`, { token: tokens.sales });
    const done = await baton.request('POST', `/api/tasks/${finished.service.taskId}/claim`, { token: tokens.sales });
    // Assess
    expect(open.body).toEqual(done.body);
    expect(open.body.error.code).toBe('forbidden');
  });
});
