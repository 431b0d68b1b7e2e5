// Every route of the HTTP API through the real local server: its happy path, and what each one
// promises (the customer's view, lists and CSV, search, notes, flows and the process map, OpenAPI).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, waitForIssue, waitForTask, type TestBaton } from '../../support/local-baton.ts';
import { closeBillingDispute, openTaskOf, packet, submitAndTriage, triageDone, uniqueIssue, work, type SubmittedIssue } from '../../support/api-fixtures.ts';
import { routeKey, routes } from '#shared/api/routes.ts';
import { listIssues } from '#shared/data/issue-lists.ts';
import { readStepStats } from '#shared/data/step-stats.ts';
import { allStates, type AslDefinition } from '#shared/flows/asl.ts';

let baton: TestBaton;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  baton = await startTestBaton();
  for (const user of ['sales', 'sales2', 'production', 'service', 'service2', 'manager']) tokens[user] = await baton.login(user);
});
afterAll(async () => {
  await baton.dispose();
});

describe('every route answers its happy path', () => {
  let issue: SubmittedIssue;
  let taskId: string;
  let customerId: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    const submitted = await submitAndTriage(baton, tokens.service!);
    issue = submitted.issue;
    taskId = submitted.triage.taskId;
    customerId = (await baton.request('GET', `/api/issues/${issue.issueId}`, { token: tokens.service })).body.customer.customerId;
  });

  /** A fresh billing dispute, closed after its two steps: what a customer reopens or rates. */
  const closedBillingDispute = async () => {
    const submission = uniqueIssue({ category: 'billing-dispute' });
    const closed = (await baton.request('POST', '/api/issues', { body: submission })).body;
    await closeBillingDispute(baton, { sales: tokens.sales!, service: tokens.service! }, closed.issueId);
    return { submission, closed };
  };

  type Case = [routeId: string, expected: number, call: () => ReturnType<TestBaton['request']>];
  const cases: Case[] = [
    ['Health', 200, () => baton.request('GET', '/api/health')],
    ['IdentityConfig', 200, () => baton.request('GET', '/api/auth/config')],
    [
      'LocalIdentity',
      200,
      () =>
        baton.request('POST', '/api/auth/cognito/', {
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
          rawBody: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'baton-local-web', AuthParameters: { USERNAME: 'sales', PASSWORD: 'baton' } }),
        }),
    ],
    ['Me', 200, () => baton.request('GET', '/api/me', { token: tokens.sales })],
    ['SubmitIssue', 201, () => baton.request('POST', '/api/issues', { body: uniqueIssue() })],
    ['Track', 200, () => baton.api.post('/api/track', { body: { trackingCode: issue.trackingCode, email: issue.email } })],
    ['PostCustomerMessage', 201, () => baton.request('POST', '/api/track/messages', { body: { trackingCode: issue.trackingCode, email: issue.email, message: 'Any news?' } })],
    [
      'ReopenIssue',
      201,
      async () => {
        // A billing dispute closes after two steps; then its customer says it is not solved.
        const { submission, closed } = await closedBillingDispute();
        return baton.request('POST', '/api/track/reopen', { body: { trackingCode: closed.trackingCode, email: submission.customer.email, reason: 'The charge is still on my card' } });
      },
    ],
    [
      'RateHandling',
      201,
      async () => {
        // Only a closed issue is rated: a billing dispute closes after two steps.
        const { submission, closed } = await closedBillingDispute();
        return baton.request('POST', '/api/track/rating', { body: { trackingCode: closed.trackingCode, email: submission.customer.email, rating: 4, comment: 'Clear answer' } });
      },
    ],
    [
      'Unsubscribe',
      200,
      async () => {
        // An issue of its own: the shared one keeps its e-mail.
        const submission = uniqueIssue();
        const submitted = (await baton.request('POST', '/api/issues', { body: submission })).body;
        return baton.request('POST', '/api/track/unsubscribe', { body: { trackingCode: submitted.trackingCode, email: submission.customer.email } });
      },
    ],
    // Another address than the shared issue's: its codes are renewed.
    ['SendTrackingCodes', 202, () => baton.request('POST', '/api/track/codes', { body: { email: uniqueIssue().customer.email } })],
    ['NotificationFailures', 200, () => baton.request('GET', '/api/notifications/failures', { token: tokens.manager })],
    ['ChangeCoordinator', 200, () => baton.request('POST', `/api/issues/${issue.issueId}/coordinator`, { token: tokens.manager, body: { username: 'service2', reason: 'Knows this customer' } })],
    ['ListNotices', 200, () => baton.request('GET', '/api/me/notifications', { token: tokens.service })],
    ['MarkNoticesSeen', 200, () => baton.request('POST', '/api/me/notifications/seen', { token: tokens.service, body: { until: new Date().toISOString() } })],
    ['SaveNotificationSettings', 200, () => baton.request('POST', '/api/me/notification-settings', { token: tokens.service, body: { email: 'service@example.com', emailFor: ['customer_reply'] } })],
    ['GetIssue', 200, () => baton.api.get('/api/issues/{issueId}', { params: { issueId: issue.issueId }, token: tokens.production })],
    ['ListIssues', 200, () => baton.request('GET', '/api/issues', { token: tokens.sales })],
    ['SearchIssues', 200, () => baton.request('POST', '/api/issues/search', { token: tokens.sales, body: { q: issue.orderRef } })],
    ['AddNote', 201, () => baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: tokens.sales, body: { text: 'Called the customer', visibility: 'internal' } })],
    ['GetCustomer', 200, () => baton.api.get('/api/customers/{customerId}', { params: { customerId }, token: tokens.production })],
    ['ListQueue', 200, () => baton.api.get('/api/queues/{department}', { params: { department: 'service' }, query: { view: 'all' }, token: tokens.sales })],
    ['ClaimTask', 200, () => baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service })],
    ['ReleaseTask', 200, () => baton.request('POST', `/api/tasks/${taskId}/release`, { token: tokens.service })],
    [
      'CompleteTask',
      200,
      async () => {
        await baton.request('POST', `/api/tasks/${taskId}/claim`, { token: tokens.service });
        return baton.request('POST', `/api/tasks/${taskId}/complete`, { token: tokens.service, body: { ...triageDone, packet: packet('Defect confirmed') } });
      },
    ],
    ['ListFlows', 200, () => baton.api.get('/api/flows', { token: tokens.manager })],
    ['FlowMap', 200, () => baton.api.get('/api/flows/{flowId}/map', { params: { flowId: 'product-defect' }, token: tokens.manager })],
    ['Figures', 200, () => baton.request('GET', '/api/figures?from=2026-01-01&to=2026-01-31', { token: tokens.manager })],
    ['IssueProgress', 200, () => baton.request('GET', `/api/issues/${issue.issueId}/progress`, { token: tokens.production })],
    ['SendFeedback', 201, () => baton.request('POST', '/api/feedback', { token: tokens.sales, body: { text: 'Show the order value in the queue', page: 'staff' } })],
    ['ListFeedback', 200, () => baton.request('GET', '/api/feedback', { token: tokens.manager })],
    ['OpenApi', 200, () => baton.request('GET', '/api/openapi.json')],
  ];

  it.each(cases.filter(([routeId]) => routes.some((route) => route.id === routeId)))('%s → %i', async (routeId, expected, call) => {
    // Act
    const response = await call();
    seen.add(routeId);
    // Assess
    expect({ status: response.status, body: response.status === expected ? 'ok' : response.body }).toEqual({ status: expected, body: 'ok' });
  });

  it('no route of the route table is left without a happy path', () => {
    const known = new Set(cases.map(([routeId]) => routeId));
    expect(routes.filter((route) => !known.has(route.id)).map(routeKey)).toEqual([]);
  });
});

describe('the customer’s view (POST /api/track)', () => {
  it('shows status, holders, the next step and by when, and only the public timeline: no internal notes, staff names, task ids or tokens', async () => {
    // Prepare
    const { issue, triage } = await submitAndTriage(baton, tokens.service!);
    await baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: tokens.service2 });
    await baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: tokens.sales2, body: { text: 'Internal: margin is thin here', visibility: 'internal' } });
    const note = await baton.api.post('/api/issues/{issueId}/notes', { params: { issueId: issue.issueId }, token: tokens.sales2, body: { text: 'We are looking into it.', visibility: 'customer' } });
    // Act: the typed client checks the body against the route's schema and types it from there.
    const view = await baton.api.post('/api/track', { body: { trackingCode: issue.trackingCode.toLowerCase().replace(/-/g, ' '), email: issue.email.toUpperCase() } });
    // @ts-expect-error the customer's view has no task ids: the schema says so, and so does the type
    void view.body.tasks;
    // Assess
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'open',
      holders: [{ department: 'service', since: expect.any(String) }],
      nextSteps: [{ stepName: { en: expect.any(String) }, department: 'service', dueAt: (triage as unknown as { dueAt: string }).dueAt }],
    });
    expect(view.body.timeline).toEqual([
      expect.objectContaining({ seq: 1, type: 'issue_submitted', from: 'customer', text: expect.any(String) }),
      { seq: note.body.event.seq, at: note.body.event.at, type: 'note_added', from: 'staff', department: 'sales', text: 'We are looking into it.' },
    ]);
    const text = JSON.stringify(view.body);
    for (const secret of ['margin is thin', 'sales2', 'service2', 'username', 'actor', 'taskId', triage.taskId, issue.issueId, 'taskToken']) {
      expect(text).not.toContain(secret);
    }
  });

  it('a wrong e-mail and a wrong code are the same 404, with no hint which', async () => {
    // Prepare
    const { issue } = await submitAndTriage(baton, tokens.service!);
    // Act
    const wrongEmail = await baton.request('POST', '/api/track', { body: { trackingCode: issue.trackingCode, email: 'someone.else@example.com' } });
    const wrongCode = await baton.request('POST', '/api/track', { body: { trackingCode: 'AAAAA-BBBBB-CCCCC', email: issue.email } });
    // Assess
    expect(wrongEmail.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(wrongEmail.body).toEqual(wrongCode.body);
  });
});

describe('issue lists (GET /api/issues)', () => {
  let listed: SubmittedIssue;

  beforeAll(async () => {
    ({ issue: listed } = await submitAndTriage(baton, tokens.service!, { subject: '=HYPERLINK("http://evil.example","click")', orderRef: '+SUM(A1:A9)' }));
  });

  it('lists open issues by default, and by department only what that department holds now', async () => {
    // Act
    const open = await baton.request('GET', '/api/issues', { token: tokens.manager });
    const service = await baton.request('GET', '/api/issues?status=open&department=service', { token: tokens.manager });
    const sales = await baton.request('GET', '/api/issues?department=sales', { token: tokens.manager });
    const closed = await baton.request('GET', '/api/issues?status=closed', { token: tokens.manager });
    // Assess
    const ids = (response: { body: { issues: Array<{ issueId: string }> } }) => response.body.issues.map((item) => item.issueId);
    expect(ids(open)).toContain(listed.issueId);
    expect(open.body.issues.every((item: { status: string }) => item.status === 'open')).toBe(true);
    expect(ids(service)).toContain(listed.issueId);
    expect(ids(sales)).not.toContain(listed.issueId);
    expect(ids(closed)).not.toContain(listed.issueId);
    expect(open.body.issues.find((item: { issueId: string }) => item.issueId === listed.issueId)).toMatchObject({
      status: 'open',
      flowId: 'product-defect',
      holders: [{ department: 'service' }],
    });
  });

  it('pages with nextToken: the next page goes on where the last one stopped', async () => {
    // Prepare: a page of two, taken in-process, continued over HTTP
    await submitAndTriage(baton, tokens.service!);
    const first = await listIssues({ status: 'open' }, undefined, 2);
    expect(first.nextToken).toBeDefined();
    // Act
    const next = await baton.request('GET', `/api/issues?nextToken=${encodeURIComponent(first.nextToken!)}`, { token: tokens.sales });
    // Assess
    expect(next.status).toBe(200);
    const firstIds = first.issues.map((item) => item.issueId);
    expect(next.body.issues.length).toBeGreaterThan(0);
    for (const item of next.body.issues) expect(firstIds).not.toContain(item.issueId);
  });

  it('exports the same list as CSV with formulas neutralised', async () => {
    // Act
    const csv = await baton.request('GET', '/api/issues?status=open', { token: tokens.manager, headers: { accept: 'text/csv' } });
    // Assess
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('issueId,status,flowId,flowVersion,subject,orderRef,createdAt,updatedAt,holders,reroutes,bounces');
    const row = lines.find((line) => line.startsWith(listed.issueId));
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(row).toContain(`,'+SUM(A1:A9),`);
    expect(row).not.toMatch(/,[=+\-@]/);
  });
});

describe('search (POST /api/issues/search)', () => {
  it('finds an issue by its id, tracking code, e-mail and order reference, each an exact match', async () => {
    // Prepare
    const { issue } = await submitAndTriage(baton, tokens.service!);
    const search = (q: string) => baton.request('POST', '/api/issues/search', { token: tokens.production, body: { q } });
    // Act
    const byId = await search(issue.issueId);
    const byCode = await search(issue.trackingCode.toLowerCase());
    const byEmail = await search(issue.email.toUpperCase());
    const byOrder = await search(` ${issue.orderRef.toLowerCase()} `);
    const partial = await search(issue.orderRef.slice(0, -2));
    // Assess
    expect(byId.body.issues).toEqual([expect.objectContaining({ issueId: issue.issueId, matchedBy: ['issueId'] })]);
    expect(byCode.body.issues).toEqual([expect.objectContaining({ issueId: issue.issueId, matchedBy: ['trackingCode'] })]);
    expect(byEmail.body.issues).toEqual([expect.objectContaining({ issueId: issue.issueId, matchedBy: ['email'] })]);
    expect(byOrder.body.issues).toEqual([expect.objectContaining({ issueId: issue.issueId, matchedBy: ['orderRef'] })]);
    expect(partial.body.issues).toEqual([]);
  });
});

describe('customers (GET /api/customers/{customerId})', () => {
  it('shows the customer and all their issues', async () => {
    // Prepare
    const { issue } = await submitAndTriage(baton, tokens.service!);
    const second = await baton.request('POST', '/api/issues', { body: uniqueIssue({ customer: { name: 'Same Person', email: issue.email } }) });
    const customerId = (await baton.request('GET', `/api/issues/${issue.issueId}`, { token: tokens.sales })).body.customer.customerId;
    // Act
    const customer = await baton.request('GET', `/api/customers/${customerId}`, { token: tokens.sales });
    const missing = await baton.request('GET', '/api/customers/cus-NOSUCHCUSTOMER', { token: tokens.sales });
    // Assess
    expect(customer.status).toBe(200);
    expect(customer.body.customer).toMatchObject({ customerId, email: issue.email });
    expect(customer.body.issues.map((item: { issueId: string }) => item.issueId).sort()).toEqual([issue.issueId, second.body.issueId].sort());
    expect(missing.status).toBe(404);
  });
});

describe('notes (POST /api/issues/{issueId}/notes)', () => {
  it('appends a note and a correction pointing at an earlier event; nothing is edited', async () => {
    // Prepare
    const { issue } = await submitAndTriage(baton, tokens.service!);
    const before = (await baton.request('GET', `/api/issues/${issue.issueId}`, { token: tokens.sales })).body.events;
    // Act
    const note = await baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: tokens.production, body: { text: 'Serial number is 4711', visibility: 'internal' } });
    const correction = await baton.request('POST', `/api/issues/${issue.issueId}/notes`, {
      token: tokens.production,
      body: { text: 'Serial number is 4712, not 4711', visibility: 'internal', corrects: note.body.event.seq },
    });
    const unknown = await baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: tokens.production, body: { text: 'x', visibility: 'internal', corrects: 999 } });
    // Assess
    expect(note.status).toBe(201);
    expect(note.body.event).toMatchObject({ type: 'note_added', actor: { kind: 'staff', username: 'production' }, department: 'production', text: 'Serial number is 4711' });
    expect(correction.status).toBe(201);
    expect(correction.body.event).toMatchObject({ type: 'correction_added', corrects: note.body.event.seq });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'corrects', code: 'unknown_event' })]);
    const after = (await baton.request('GET', `/api/issues/${issue.issueId}`, { token: tokens.sales })).body.events;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['note_added', 'correction_added']));
  });

  it('a note on an issue that does not exist is a 404', async () => {
    const response = await baton.request('POST', '/api/issues/iss-NOSUCHISSUE/notes', { token: tokens.sales, body: { text: 'Hello', visibility: 'internal' } });
    expect(response.status).toBe(404);
  });
});

describe('flows and the process map', () => {
  const definition = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../workflows/product-defect.asl.json'), 'utf8')) as AslDefinition;

  it('lists the flows with their versions', async () => {
    const flows = await baton.request('GET', '/api/flows', { token: tokens.sales });
    expect(flows.body.flows).toContainEqual({ flowId: 'product-defect', name: { zh: expect.any(String), en: 'Product defect' }, version: 3, available: true });
  });

  it('folds the flow’s ASL into its steps, lanes, manager decisions and labelled ways, with what waits at each step now', async () => {
    // Prepare
    await submitAndTriage(baton, tokens.service!);
    const figures = await readStepStats('product-defect');
    // Act
    const map = await baton.request('GET', '/api/flows/product-defect/map', { token: tokens.manager });
    // Assess
    expect(map.status).toBe(200);
    expect(map.body.lanes.map((lane: { department: string }) => lane.department)).toEqual(['service', 'production', 'sales', 'management']);
    const triageState = allStates(definition).find(([, state]) => (state.Parameters?.Payload as { step?: string } | undefined)?.step === 'triage')!;
    const triage = map.body.nodes.find((node: { id: string }) => node.id === triageState[0]);
    expect(triage).toMatchObject({ kind: 'step', department: 'service', step: 'triage', slaSeconds: triageState[1].TimeoutSeconds, wait: expect.any(String) });
    expect(triage.outcomes.map((outcome: { id: string }) => outcome.id)).toContain('not_a_defect');
    expect(triage.counts.open).toBeLessThanOrEqual(figures.triage!.open + 1);
    expect(map.body.edges).toContainEqual(expect.objectContaining({ from: triageState[0], to: `decisions:${triageState[0]}`, kind: 'decision' }));
    const steps = new Set(map.body.nodes.filter((node: { kind: string }) => node.kind === 'step').map((node: { id: string }) => node.id));
    const fromSteps = map.body.edges.filter((edge: { kind: string; from: string }) => edge.kind === 'flow' && steps.has(edge.from));
    expect(fromSteps.length).toBeGreaterThan(0);
    for (const edge of fromSteps) expect(edge.outcomes.length, `${edge.from} → ${edge.to}`).toBeGreaterThan(0);
    expect(map.body).toHaveProperty('callout');
  });

  it('an unknown flow is a 404, a malformed flow id a 400', async () => {
    expect((await baton.request('GET', '/api/flows/no-such-flow/map', { token: tokens.manager })).status).toBe(404);
    expect((await baton.request('GET', '/api/flows/Not%20A%20Flow/map', { token: tokens.manager })).status).toBe(400);
  });
});

describe('what a screen polls after an action (GET /api/issues/{issueId}/progress)', () => {
  it('answers status, holders and the change count from the issue item, and moves when the flow does', async () => {
    // Prepare
    const { issue, triage } = await submitAndTriage(baton, tokens.service!);
    const before = await baton.request('GET', `/api/issues/${issue.issueId}/progress`, { token: tokens.sales });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ issueId: issue.issueId, status: 'open', holders: [{ department: 'service', taskId: triage.taskId }], reroutes: 0, bounces: 0 });
    // Act
    await baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: tokens.service });
    // Assess
    const after = await baton.request('GET', `/api/issues/${issue.issueId}/progress`, { token: tokens.sales });
    expect(after.body.eventCount).toBe(before.body.eventCount + 1);
    expect(Object.keys(after.body).sort()).toEqual(['bounces', 'eventCount', 'holders', 'issueId', 'reroutes', 'status']);
    expect((await baton.request('GET', '/api/issues/iss-00000000000000000000000000/progress', { token: tokens.sales })).status).toBe(404);
  });
});

describe('suggestions: “tell us what Baton should do for you” (POST and GET /api/feedback)', () => {
  it('stores who sent what from which page, never changes it, and lists it for managers newest first', async () => {
    // Act
    const first = await baton.request('POST', '/api/feedback', { token: tokens.production, body: { text: 'Let me see the customer’s order value', page: 'staff' } });
    const second = await baton.request('POST', '/api/feedback', { token: tokens.manager, body: { text: 'A weekly summary by e-mail', page: 'manager' } });
    // Assess
    expect(first.status).toBe(201);
    expect(first.body.feedback).toEqual({ feedbackId: expect.stringMatching(/^fbk-/), text: 'Let me see the customer’s order value', page: 'staff', username: 'production', department: 'production', createdAt: expect.any(String) });
    const listed = await baton.request('GET', '/api/feedback', { token: tokens.manager });
    expect(listed.status).toBe(200);
    const ids = listed.body.feedback.map((feedback: { feedbackId: string }) => feedback.feedbackId);
    expect(ids.indexOf(second.body.feedback.feedbackId)).toBeLessThan(ids.indexOf(first.body.feedback.feedbackId));
    expect(listed.body.feedback).toContainEqual(second.body.feedback);
    expect((await baton.request('GET', '/api/feedback', { token: tokens.sales })).status).toBe(403);
  });
});

describe('the OpenAPI document (GET /api/openapi.json)', () => {
  it('is OpenAPI 3.1 and covers every route of the route table, with schemas from zod', async () => {
    // Act
    const document = (await baton.request('GET', '/api/openapi.json')).body;
    // Assess
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) expect(document.paths[route.path]?.[route.method.toLowerCase()], routeKey(route)).toBeDefined();
    const list = document.paths['/api/issues'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['status', 'department', 'nextToken']);
    expect(list.security).toEqual([{ bearer: [] }]);
    const submit = document.paths['/api/issues'].post.requestBody.content['application/json'].schema;
    expect(submit).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['customer', 'category', 'subject', 'description']) });
    expect(document.paths['/api/track'].post.responses['429']).toBeDefined();
  });
});

describe('a whole run never shows a task token', () => {
  it('no response body or header of a full product-defect run contains any of its task tokens', async () => {
    // Prepare: every response of the run is kept
    const responses: string[] = [];
    const call: TestBaton['request'] = async (...args) => {
      const response = await baton.request(...args);
      const headers: string[] = [];
      response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
      responses.push(JSON.stringify({ body: response.body, headers }));
      return response;
    };
    const recording = { ...baton, request: call } as TestBaton;
    // Act: the customer submits and follows; every department works; staff read everything on the way
    const submitted = await call('POST', '/api/issues', { body: uniqueIssue() });
    const { issueId, trackingCode } = submitted.body;
    const email = (await call('GET', `/api/issues/${issueId}`, { token: tokens.manager })).body.customer.email;
    const readEverything = async () => {
      await call('POST', '/api/track', { body: { trackingCode, email } });
      await call('GET', `/api/issues/${issueId}`, { token: tokens.sales });
      await call('GET', '/api/issues?department=production', { token: tokens.manager });
      await call('GET', '/api/issues', { token: tokens.manager, headers: { accept: 'text/csv' } });
      await call('POST', '/api/issues/search', { token: tokens.sales, body: { q: issueId } });
      await call('GET', '/api/flows/product-defect/map', { token: tokens.manager });
      for (const department of ['sales', 'production', 'service', 'management']) {
        await call('GET', `/api/queues/${department}?view=all`, { token: tokens.manager });
      }
    };
    await work(recording, tokens.service!, await waitForTask(recording, tokens.service!, issueId, openTaskOf('triage')), triageDone.outcome, triageDone.fields);
    await readEverything();
    await work(recording, tokens.sales!, await waitForTask(recording, tokens.sales!, issueId, openTaskOf('remedy')), 'replacement', { offer: 'A new pump' });
    await work(recording, tokens.production!, await waitForTask(recording, tokens.production!, issueId, openTaskOf('root-cause')), 'root_cause_found', { rootCause: 'Bearing batch 42' });
    await readEverything();
    await work(recording, tokens.production!, await waitForTask(recording, tokens.production!, issueId, openTaskOf('replacement')), 'shipped', { shipmentRef: 'SF-1', expectedDelivery: '2026-12-01' });
    await work(recording, tokens.service!, await waitForTask(recording, tokens.service!, issueId, openTaskOf('confirm')), 'resolved', { confirmation: 'Works again' });
    const customerId = (await waitForIssue(recording, tokens.manager!, issueId, (view) => view.issue.status === 'closed')).customer.customerId;
    await call('GET', `/api/customers/${customerId}`, { token: tokens.sales });
    await readEverything();
    // Assess: the real tokens, read from the task items in DynamoDB
    const { readTaskWithToken, tasksOfIssue } = await import('#shared/data/task-items.ts');
    const taskTokens = await Promise.all((await tasksOfIssue(issueId)).map(async (task) => (await readTaskWithToken(task.taskId))!.taskToken));
    expect(taskTokens).toHaveLength(5);
    expect(responses.length).toBeGreaterThan(40);
    for (const taskToken of taskTokens) {
      expect(taskToken.length).toBeGreaterThan(20);
      for (const response of responses) expect(response.includes(taskToken)).toBe(false);
    }
    expect(responses.some((response) => response.includes('taskToken'))).toBe(false);
  });
});
