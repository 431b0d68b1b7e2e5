// Bad input on every kind of route: each is a 4xx in the one error shape, naming the field where
// there is one, and nothing is stored. Free text stays free (names, subjects, notes may hold any
// printable text, escaped where shown); structured fields (ids, codes, e-mails, enums, tokens) are
// validated, so markup or SQL-looking text there is refused.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { submitAndTriage, uniqueIssue, type SubmittedIssue } from '../../support/api-fixtures.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { encodePageToken } from '#shared/data/paging.ts';
import { indexes, indexKeys } from '#shared/data/entities/indexes.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';

let baton: TestBaton;
const tokens: Record<string, string> = {};
let issue: SubmittedIssue;
let taskId: string;

beforeAll(async () => {
  baton = await startTestBaton();
  for (const user of ['sales', 'service']) tokens[user] = await baton.login(user);
  // One issue whose flow then rests (its triage task waits hours): the table only changes if a request writes.
  const submitted = await submitAndTriage(baton, tokens.service!);
  issue = submitted.issue;
  taskId = submitted.triage.taskId;
});
afterAll(async () => {
  await baton.dispose();
});

/** Every item but the rate-limit counters (public routes count every request, good or bad). */
async function storedItems(): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: config.tableName(), ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) if (!String(item.pk).startsWith('RATE#')) items.push(JSON.stringify(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}

const big = (length: number) => 'x'.repeat(length);
const issueWith = (overrides: Record<string, unknown>) => ({ ...uniqueIssue(), ...overrides });
const nameWith = (name: unknown) => ({ ...uniqueIssue(), customer: { name, email: 'someone@example.com' } });

interface BadInput {
  name: string;
  method: string;
  route: () => string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
  field?: string;
  fieldCode?: string;
}

const cases: BadInput[] = [
  // POST /api/issues (public)
  { name: 'a submission without its customer', method: 'POST', route: () => '/api/issues', body: issueWith({ customer: undefined }), status: 400, field: 'customer', fieldCode: 'required' },
  { name: 'a number as the customer’s name', method: 'POST', route: () => '/api/issues', body: nameWith(42), status: 400, field: 'customer.name', fieldCode: 'invalid_type' },
  { name: 'an unknown top-level field', method: 'POST', route: () => '/api/issues', body: issueWith({ isAdmin: true }), status: 400, field: 'isAdmin', fieldCode: 'unknown_field' },
  { name: 'a subject over 200 characters', method: 'POST', route: () => '/api/issues', body: issueWith({ subject: big(201) }), status: 400, field: 'subject', fieldCode: 'too_long' },
  { name: 'a body over 64 KB', method: 'POST', route: () => '/api/issues', body: issueWith({ description: big(70_000) }), status: 413, code: 'payload_too_large' },
  { name: 'a lone surrogate in the subject', method: 'POST', route: () => '/api/issues', rawBody: JSON.stringify(issueWith({ subject: 'PLACEHOLDER' })).replace('PLACEHOLDER', '\\ud800 broken'), headers: { 'content-type': 'application/json' }, status: 400, field: 'subject', fieldCode: 'invalid_unicode' },
  { name: 'a right-to-left override in the name', method: 'POST', route: () => '/api/issues', body: nameWith('Li Wei\u202Egnp.exe'), status: 400, field: 'customer.name', fieldCode: 'format_character' },
  { name: 'a zero-width space in the name', method: 'POST', route: () => '/api/issues', body: nameWith('Li\u200BWei'), status: 400, field: 'customer.name', fieldCode: 'format_character' },
  { name: 'a bell character in the description', method: 'POST', route: () => '/api/issues', body: issueWith({ description: 'ring \u0007 ring' }), status: 400, field: 'description', fieldCode: 'control_character' },
  { name: 'a script tag as the e-mail address', method: 'POST', route: () => '/api/issues', body: { ...uniqueIssue(), customer: { name: 'Eve', email: '<script>alert(1)</script>@x.com' } }, status: 400, field: 'customer.email', fieldCode: 'invalid_email' },
  { name: 'a path as the category', method: 'POST', route: () => '/api/issues', body: issueWith({ category: '../../etc/passwd' }), status: 400, field: 'category', fieldCode: 'invalid_value' },
  { name: 'a form-encoded body', method: 'POST', route: () => '/api/issues', rawBody: 'subject=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 400, code: 'unsupported_content_type' },
  { name: 'malformed JSON', method: 'POST', route: () => '/api/issues', rawBody: '{"subject": ', headers: { 'content-type': 'application/json' }, status: 400, code: 'malformed_json' },
  { name: 'an array as the body', method: 'POST', route: () => '/api/issues', body: [uniqueIssue()], status: 400, code: 'invalid_request' },
  { name: 'an unknown query parameter on intake', method: 'POST', route: () => '/api/issues?debug=1', body: uniqueIssue(), status: 400, field: 'debug', fieldCode: 'unknown_field' },
  // POST /api/track (public)
  { name: 'a tracking look-up without an e-mail', method: 'POST', route: () => '/api/track', body: { trackingCode: 'AAAAA-BBBBB-CCCCC' }, status: 400, field: 'email', fieldCode: 'required' },
  { name: 'a script tag as the tracking code', method: 'POST', route: () => '/api/track', body: { trackingCode: '<script>alert(1)</script>', email: 'a@example.com' }, status: 400, field: 'trackingCode', fieldCode: 'invalid_format' },
  { name: 'SQL as the tracking code', method: 'POST', route: () => '/api/track', body: { trackingCode: "' OR '1'='1' --", email: 'a@example.com' }, status: 400, field: 'trackingCode', fieldCode: 'invalid_format' },
  { name: 'a zero-width space in the tracking e-mail', method: 'POST', route: () => '/api/track', body: { trackingCode: 'AAAAA-BBBBB-CCCCC', email: 'a\u200B@example.com' }, status: 400, field: 'email', fieldCode: 'format_character' },
  { name: 'an unknown field in a tracking look-up', method: 'POST', route: () => '/api/track', body: { trackingCode: 'AAAAA-BBBBB-CCCCC', email: 'a@example.com', issueId: 'iss-1' }, status: 400, field: 'issueId', fieldCode: 'unknown_field' },
  { name: 'null as the tracking body', method: 'POST', route: () => '/api/track', rawBody: 'null', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_request' },
  // POST /api/issues/search (staff)
  { name: 'a blank search', method: 'POST', route: () => '/api/issues/search', token: 'sales', body: { q: '   ' }, status: 400, field: 'q', fieldCode: 'required' },
  { name: 'a number as the search', method: 'POST', route: () => '/api/issues/search', token: 'sales', body: { q: 12345 }, status: 400, field: 'q', fieldCode: 'invalid_type' },
  { name: 'a search over 254 characters', method: 'POST', route: () => '/api/issues/search', token: 'sales', body: { q: big(255) }, status: 400, field: 'q', fieldCode: 'too_long' },
  { name: 'a NUL character in the search', method: 'POST', route: () => '/api/issues/search', token: 'sales', body: { q: 'PO-1\u0000' }, status: 400, field: 'q', fieldCode: 'control_character' },
  { name: 'a search sent as text/plain', method: 'POST', route: () => '/api/issues/search', token: 'sales', rawBody: '{"q":"PO-1"}', headers: { 'content-type': 'text/plain' }, status: 400, code: 'unsupported_content_type' },
  // POST /api/issues/{issueId}/notes (staff)
  { name: 'a note visible to “public”', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { text: 'Hi', visibility: 'public' }, status: 400, field: 'visibility', fieldCode: 'invalid_value' },
  { name: 'a note without text', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { visibility: 'internal' }, status: 400, field: 'text', fieldCode: 'required' },
  { name: 'a correction pointing at a string', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { text: 'Fix', visibility: 'internal', corrects: '1' }, status: 400, field: 'corrects', fieldCode: 'invalid_type' },
  { name: 'a correction pointing at event -1', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { text: 'Fix', visibility: 'internal', corrects: -1 }, status: 400, field: 'corrects', fieldCode: 'too_short' },
  { name: 'a correction of an event that does not exist', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { text: 'Fix', visibility: 'internal', corrects: 999 }, status: 400, field: 'corrects', fieldCode: 'unknown_event' },
  { name: 'a right-to-left isolate in a note', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', body: { text: 'refund \u2067000,01\u2069 EUR', visibility: 'customer' }, status: 400, field: 'text', fieldCode: 'format_character' },
  { name: 'a lone low surrogate in a note', method: 'POST', route: () => `/api/issues/${issue.issueId}/notes`, token: 'sales', rawBody: '{"text":"a \\udc00 b","visibility":"internal"}', headers: { 'content-type': 'application/json' }, status: 400, field: 'text', fieldCode: 'invalid_unicode' },
  { name: 'a script tag as the issue id', method: 'POST', route: () => `/api/issues/${encodeURIComponent('<script>alert(1)</script>')}/notes`, token: 'sales', body: { text: 'Hi', visibility: 'internal' }, status: 400, field: 'issueId', fieldCode: 'invalid_format' },
  { name: 'SQL as the issue id', method: 'GET', route: () => `/api/issues/${encodeURIComponent("iss-1' OR '1'='1")}`, token: 'sales', status: 400, field: 'issueId', fieldCode: 'invalid_format' },
  // GET /api/issues (staff)
  { name: 'an unknown status', method: 'GET', route: () => '/api/issues?status=deleted', token: 'sales', status: 400, field: 'status', fieldCode: 'invalid_value' },
  { name: 'an empty status', method: 'GET', route: () => '/api/issues?status=', token: 'sales', status: 400, field: 'status', fieldCode: 'invalid_value' },
  { name: 'a page token that is not one', method: 'GET', route: () => '/api/issues?nextToken=%25%25%25garbage', token: 'sales', status: 400, field: 'nextToken', fieldCode: 'invalid_page_token' },
  { name: 'a forged page token with foreign keys', method: 'GET', route: () => `/api/issues?nextToken=${encodePageToken(customerEntity.key('x'))}`, token: 'sales', status: 400, field: 'nextToken', fieldCode: 'invalid_page_token' },
  { name: 'a page token of another status', method: 'GET', route: () => `/api/issues?status=closed&nextToken=${encodePageToken({ ...issueEntity.key('iss-1'), ...issueEntity.statusKeys({ status: 'open', createdAt: '2026', issueId: 'iss-1' }) })}`, token: 'sales', status: 400, field: 'nextToken', fieldCode: 'invalid_page_token' },
  { name: 'an unknown query parameter on the list', method: 'GET', route: () => '/api/issues?sort=desc', token: 'sales', status: 400, field: 'sort', fieldCode: 'unknown_field' },
  { name: 'a department given twice', method: 'GET', route: () => '/api/issues?department=sales&department=legal', token: 'sales', status: 400, field: 'department', fieldCode: 'invalid_value' },
  { name: 'a control character in a query parameter', method: 'GET', route: () => '/api/issues?status=open%01', token: 'sales', status: 400, field: 'status', fieldCode: 'control_character' },
  // other staff routes
  { name: 'a page token of another queue', method: 'GET', route: () => `/api/queues/service?nextToken=${encodePageToken({ ...taskEntity.key('tsk-1'), ...indexKeys(indexes.queuesAndCustomers, taskEntity.access.queue('sales').partition, '2026#tsk-1') })}`, token: 'sales', status: 400, field: 'nextToken', fieldCode: 'invalid_page_token' },
  { name: 'a 5,000-character customer id', method: 'GET', route: () => `/api/customers/cus-${big(5_000)}`, token: 'sales', status: 400, field: 'customerId', fieldCode: 'invalid_format' },
  { name: 'a NUL in the customer id', method: 'GET', route: () => '/api/customers/cus-1%00', token: 'sales', status: 400, field: 'customerId', fieldCode: 'invalid_format' },
  { name: 'an unknown query parameter on the map', method: 'GET', route: () => '/api/flows/product-defect/map?zoom=2', token: 'sales', status: 400, field: 'zoom', fieldCode: 'unknown_field' },
  { name: 'an unknown query parameter on an issue', method: 'GET', route: () => `/api/issues/${issue.issueId}?expand=all`, token: 'sales', status: 400, field: 'expand', fieldCode: 'unknown_field' },
  { name: 'a completion without its handoff packet', method: 'POST', route: () => `/api/tasks/${taskId}/complete`, token: 'service', body: { outcome: 'confirmed_defect', fields: { findings: 'x' } }, status: 400, field: 'packet', fieldCode: 'required' },
  { name: 'a completion with an unknown field', method: 'POST', route: () => `/api/tasks/${taskId}/complete`, token: 'service', body: { outcome: 'confirmed_defect', packet: { summary: 'x' }, approvedBy: 'ceo' }, status: 400, field: 'approvedBy', fieldCode: 'unknown_field' },
  { name: 'a department that does not exist', method: 'GET', route: () => '/api/queues/legal', token: 'sales', status: 400, field: 'department', fieldCode: 'invalid_value' },
  // POST /api/feedback (staff)
  { name: 'a suggestion of blanks only', method: 'POST', route: () => '/api/feedback', token: 'sales', body: { text: '   ', page: 'staff' }, status: 400, field: 'text', fieldCode: 'required' },
  { name: 'a suggestion from a page that does not exist', method: 'POST', route: () => '/api/feedback', token: 'sales', body: { text: 'Show the order value', page: 'admin' }, status: 400, field: 'page', fieldCode: 'invalid_value' },
  { name: 'a suggestion with an unknown field', method: 'POST', route: () => '/api/feedback', token: 'sales', body: { text: 'Show the order value', page: 'staff', username: 'ceo' }, status: 400, field: 'username', fieldCode: 'unknown_field' },
  { name: 'a suggestion of 2,001 characters', method: 'POST', route: () => '/api/feedback', token: 'sales', body: { text: big(2_001), page: 'staff' }, status: 400, field: 'text', fieldCode: 'too_long' },
  { name: 'a wrong method on a known route', method: 'DELETE', route: () => `/api/issues/${issue.issueId}`, token: 'sales', status: 405, code: 'method_not_allowed' },
  { name: 'a route that does not exist', method: 'GET', route: () => '/api/admin/users', token: 'sales', status: 404, code: 'not_found' },
];

describe('bad input is a 4xx in the error shape and stores nothing', () => {
  it.each(cases)('$name → $status', async (bad) => {
    // Prepare
    const before = await storedItems();
    // Act
    const response = await baton.request(bad.method, bad.route(), {
      token: bad.token ? tokens[bad.token] : undefined,
      ...(bad.rawBody !== undefined ? { rawBody: bad.rawBody } : bad.body !== undefined ? { body: bad.body } : {}),
      headers: bad.headers,
    });
    // Assess
    expect(response.status).toBe(bad.status);
    expect(response.body).toEqual({ error: { code: bad.code ?? expect.any(String), message: expect.any(String), details: expect.any(Array) } });
    if (bad.field) expect(response.body.error.details).toContainEqual(expect.objectContaining({ field: bad.field, code: bad.fieldCode }));
    expect(await storedItems()).toEqual(before);
  });

  it('free text keeps markup, SQL-looking text, right-to-left script and emoji as typed', async () => {
    // Prepare
    const text = `<script>alert(1)</script> '; DROP TABLE issues; -- مرحبا 👩‍👩‍👧 שלום\u200F ok`;
    // Act
    const note = await baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: tokens.sales, body: { text, visibility: 'internal' } });
    // Assess
    expect(note.status).toBe(201);
    expect(note.body.event.text).toBe(text);
  });
});
