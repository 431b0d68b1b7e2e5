import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wholeTable } from '../../support/whole-table.ts';
import { sampleIssue, startTestBaton, waitForFlowAtRest, type TestBaton } from '../../support/local-baton.ts';
import { hashTrackingCode } from '#shared/domain/tracking-code.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';

let baton: TestBaton;
let table: DynamoDBDocumentClient;

beforeAll(async () => {
  baton = await startTestBaton({ sendOutbox: false }); // no background writes of the outbox sender: "stores nothing" counts the table
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: baton.endpoints.dynamodb, region: baton.region, credentials: baton.credentials }),
  );
});
afterAll(async () => {
  await baton.dispose();
});

async function countItems(): Promise<number> {
  // Test-only inspection of the whole table (the product itself never scans).
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const result = await table.send(new ScanCommand({ TableName: 'baton', Select: 'COUNT' }));
  return result.Count ?? 0;
}

describe('health', () => {
  it('answers 200 with the local mode and names no endpoint (anyone may ask)', async () => {
    const response = await baton.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, mode: 'local' });
  });
});

describe('submitting an issue', () => {
  it('stores the customer, the issue, its first event and only a hash of the tracking code', async () => {
    // Act
    const response = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: '  Ann  ', email: ' Ann@Example.COM ' } }) });
    // Assess
    expect(response.status).toBe(201);
    const { issueId, trackingCode } = response.body;
    expect(trackingCode).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const issue = (await table.send(new GetCommand({ TableName: 'baton', Key: issueEntity.key(issueId) }))).Item;
    // Its flow starts at once and may already have added events: the first one is the submission.
    expect(issue).toMatchObject({ issueId, status: 'open', flowId: 'product-defect', flowVersion: 3 });
    expect(issue!.eventCount).toBeGreaterThanOrEqual(1);
    const customer = (await table.send(new GetCommand({ TableName: 'baton', Key: customerEntity.key(String(issue!.customerId)) }))).Item;
    expect(customer).toMatchObject({ name: 'Ann', email: 'ann@example.com' });
    const events = await table.send(
      new QueryCommand({ ...queryOf(eventEntity.access.ofIssue(issueId)), TableName: 'baton' }),
    );
    expect(events.Items![0]).toMatchObject({ type: 'issue_submitted', seq: 1, actor: { kind: 'customer' }, visibility: 'customer' });
    const tracking = (await table.send(new GetCommand({ TableName: 'baton', Key: trackingCodeEntity.key(hashTrackingCode(trackingCode.toLowerCase())) }))).Item;
    expect(tracking).toMatchObject({ issueId });
    expect(JSON.stringify([issue, customer, events.Items, tracking])).not.toContain(trackingCode);
    // Its flow writes on after the answer: let it rest before the next tests count items.
    await waitForFlowAtRest(baton, 'product-defect', issueId);
  });

  it('holds the tracking code in clear nowhere in the table, not even in the unsent confirmation in the outbox', async () => {
    // Act: this runtime has no sender, so the confirmation stays unsent.
    const response = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'Olu', email: 'olu@example.com' }, orderRef: 'PO-SEALED' }) });
    // Assess
    expect(response.status).toBe(201);
    const { issueId, trackingCode } = response.body as { issueId: string; trackingCode: string };
    const everything = await wholeTable(table);
    const confirmation = everything.find((item) => item.entity === 'outbox' && item.issueId === issueId && item.kind === 'customer_confirmation');
    expect(confirmation).toMatchObject({ status: 'unsent' });
    const text = JSON.stringify(everything);
    for (const form of [trackingCode, trackingCode.replace(/-/g, ''), trackingCode.toLowerCase()]) expect(text).not.toContain(form);
    await waitForFlowAtRest(baton, 'product-defect', issueId);
  });

  it('a second issue from the same email (any case) belongs to the same customer', async () => {
    const first = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'Bo', email: 'bo@example.com' }, orderRef: 'PO-1' }) });
    const second = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'Bo', email: 'BO@example.com' }, orderRef: 'PO-2' }) });
    const get = async (id: string) => (await table.send(new GetCommand({ TableName: 'baton', Key: issueEntity.key(id) }))).Item!;
    expect((await get(first.body.issueId)).customerId).toBe((await get(second.body.issueId)).customerId);
    // Let both flows rest at their first task, so they write nothing while the next tests count items (a task
    // shows before its step has finished writing: waiting for the task alone let a count see one more item).
    for (const { body } of [first, second]) await waitForFlowAtRest(baton, 'product-defect', body.issueId);
  });
});

describe('bad input is refused with a 4xx naming the field, and stores nothing', () => {
  const valid = sampleIssue();
  const cases: Array<{ name: string; status: number; code: string; field?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }> = [
    { name: 'missing customer', status: 400, code: 'invalid_request', field: 'customer', body: { ...valid, customer: undefined } },
    { name: 'blank name', status: 400, code: 'invalid_request', field: 'customer.name', body: { ...valid, customer: { ...valid.customer, name: '   ' } } },
    { name: 'bad email', status: 400, code: 'invalid_request', field: 'customer.email', body: { ...valid, customer: { ...valid.customer, email: 'not-an-email' } } },
    { name: 'unknown category', status: 400, code: 'invalid_request', field: 'category', body: { ...valid, category: 'refund' } },
    { name: 'number as subject', status: 400, code: 'invalid_request', field: 'subject', body: { ...valid, subject: 42 } },
    { name: 'unknown top-level field', status: 400, code: 'invalid_request', field: 'priority', body: { ...valid, priority: 'high' } },
    { name: 'unknown nested field', status: 400, code: 'invalid_request', field: 'customer.age', body: { ...valid, customer: { ...valid.customer, age: 3 } } },
    { name: 'control character', status: 400, code: 'invalid_request', field: 'subject', body: { ...valid, subject: 'bell\u0007' } },
    { name: 'too long subject', status: 400, code: 'invalid_request', field: 'subject', body: { ...valid, subject: 'x'.repeat(201) } },
    { name: 'array body', status: 400, code: 'invalid_request', body: [valid] },
    { name: 'malformed JSON', status: 400, code: 'malformed_json', rawBody: '{"customer":', headers: { 'content-type': 'application/json' } },
    { name: 'form content type', status: 400, code: 'unsupported_content_type', rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'body over 64 KB', status: 413, code: 'payload_too_large', body: { ...valid, description: 'x'.repeat(70_000) } },
  ];

  it.each(cases)('$name → $status $code', async ({ status, code, field, body, rawBody, headers }) => {
    // Prepare
    const before = await countItems();
    // Act
    const response = await baton.request('POST', '/api/issues', { body, rawBody, headers });
    // Assess
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    expect(Array.isArray(response.body.error.details)).toBe(true);
    if (field) expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await countItems()).toBe(before);
  });

  it('newline and tab are allowed in text', async () => {
    const response = await baton.request('POST', '/api/issues', { body: sampleIssue({ description: 'line one\n\tline two' }) });
    expect(response.status).toBe(201);
  });

  it('unknown routes are 404 and wrong methods 405, both in the error shape', async () => {
    const unknown = await baton.request('GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const wrongMethod = await baton.request('DELETE', '/api/track');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
