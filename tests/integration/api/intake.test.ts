// Intake as a customer meets it: idempotent retries, attaching to an open issue, and transactions
// that fail as a whole.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wholeTable } from '../../support/whole-table.ts';
import { sampleIssue, startTestBaton, waitForTask, type TestBaton } from '../../support/local-baton.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { customerEmailEntity } from '#shared/data/entities/customer.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';

let baton: TestBaton;
let table: DynamoDBDocumentClient;
let staffToken: string;

beforeAll(async () => {
  baton = await startTestBaton();
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: baton.endpoints.dynamodb, region: baton.region, credentials: baton.credentials }),
  );
  staffToken = await baton.login('service');
});
afterAll(async () => {
  await baton.dispose();
});

async function issuesOfEmail(email: string): Promise<Array<Record<string, unknown>>> {
  const lookup = await table.send(new GetCommand({ TableName: 'baton', Key: customerEmailEntity.key(email) }));
  if (!lookup.Item) return [];
  const result = await table.send(new QueryCommand(queryOf(issueEntity.access.ofCustomer(String(lookup.Item.customerId)))));
  return result.Items ?? [];
}

describe('Idempotency-Key', () => {
  it('10 concurrent submits with one key make one issue and ten identical responses', async () => {
    // Prepare
    const body = sampleIssue({ customer: { name: 'Retry Ren', email: 'ren@example.com' }, orderRef: undefined });
    // Act
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => baton.request('POST', '/api/issues', { body, headers: { 'Idempotency-Key': 'ren-submit-1' } })),
    );
    // Assess
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(await issuesOfEmail('ren@example.com')).toHaveLength(1);
  });

  it('the same key with the same body later gets the same response; with another body a 422', async () => {
    const body = sampleIssue({ customer: { name: 'Mia', email: 'mia@example.com' }, orderRef: undefined });
    const first = await baton.request('POST', '/api/issues', { body, headers: { 'Idempotency-Key': 'mia-1' } });
    const again = await baton.request('POST', '/api/issues', { body, headers: { 'Idempotency-Key': 'mia-1' } });
    const other = await baton.request('POST', '/api/issues', { body: { ...body, subject: 'Something else' }, headers: { 'Idempotency-Key': 'mia-1' } });
    expect(again).toMatchObject({ status: first.status, body: first.body });
    expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(await issuesOfEmail('mia@example.com')).toHaveLength(1);
  });

  it('keeps the tracking code and the raw key nowhere in the table, yet a retry with the key answers the same code', async () => {
    // Prepare
    const body = sampleIssue({ customer: { name: 'Sealed Sam', email: 'sam@example.com' }, orderRef: undefined });
    const idempotencyKey = 'sam-submit-secret-1';
    // Act
    const first = await baton.request('POST', '/api/issues', { body, headers: { 'Idempotency-Key': idempotencyKey } });
    const retry = await baton.request('POST', '/api/issues', { body, headers: { 'Idempotency-Key': idempotencyKey } });
    // Assess
    expect(first.status).toBe(201);
    expect(retry.body.trackingCode).toBe(first.body.trackingCode);
    const trackingCode = first.body.trackingCode as string;
    // At once (the confirmation's own code is minted by the sender as it mails it): nothing in the
    // table holds the code or the raw key.
    const everything = JSON.stringify(await wholeTable(table));
    expect(everything).toContain(first.body.issueId);
    for (const secret of [trackingCode, trackingCode.replace(/-/g, ''), idempotencyKey]) expect(everything).not.toContain(secret);
  });

  it('a malformed key is a 400 naming the header', async () => {
    const response = await baton.request('POST', '/api/issues', { body: sampleIssue(), headers: { 'Idempotency-Key': 'has spaces and {braces}' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('Idempotency-Key');
  });
});

describe('a submission matching an open issue of the same customer and order', () => {
  it('is attached to it as an unverified message, answered 202 without the issue id or code', async () => {
    // Prepare
    const customer = { name: 'Otto', email: 'otto@example.com' };
    const first = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer, orderRef: 'PO-77' }) });
    // Act
    const second = await baton.request('POST', '/api/issues', {
      body: sampleIssue({ customer: { ...customer, email: 'OTTO@example.com' }, orderRef: ' po-77 ', description: 'Still broken, please hurry' }),
    });
    // Assess
    expect(second.status).toBe(202);
    expect(second.body).toEqual({ attached: true });
    const view = await baton.request('GET', `/api/issues/${first.body.issueId}`, { token: staffToken });
    // The flow writes its own events meanwhile (task_opened), so find the message rather than take the last event.
    const messages = view.body.events.filter((event: { type: string }) => event.type === 'customer_message');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: 'customer_message',
      visibility: 'internal',
      text: 'Still broken, please hurry',
      data: { unverified: true },
    });
    expect(await issuesOfEmail('otto@example.com')).toHaveLength(1);
  });

  it('another customer with the same order reference gets an issue of their own', async () => {
    await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'A', email: 'a@example.com' }, orderRef: 'PO-88' }) });
    const other = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'B', email: 'b@example.com' }, orderRef: 'PO-88' }) });
    expect(other.status).toBe(201);
  });
});

describe('transactions fail as a whole', () => {
  it('an intake whose transaction cannot commit leaves no issue, event or tracking item behind', async () => {
    // Prepare: an e-mail item pointing at a customer that does not exist, so the intake transaction's
    // check of the customer fails every time.
    await table.send(new PutCommand({ TableName: 'baton', Item: customerEmailEntity.item('ghost@example.com', 'cus-MISSING') }));
    // Act
    const response = await baton.request('POST', '/api/issues', { body: sampleIssue({ customer: { name: 'Ghost', email: 'ghost@example.com' } }) });
    // Assess
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({ code: 'internal_error', correlationId: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/Transaction|at .*\.ts/);
    const issues = await table.send(new QueryCommand(queryOf(issueEntity.access.ofCustomer('cus-MISSING'))));
    expect(issues.Items).toEqual([]);
  });

  it('TransactionConflict from DynamoDB (injected: DynamoDB Local never throws it) is retried until the claim lands once', async () => {
    // Prepare
    const { issueId } = (await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: undefined }) })).body;
    const task = await waitForTask(baton, staffToken, issueId, (candidate) => candidate.step === 'triage');
    let injected = 0;
    const client = documentClient();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && injected < 2) {
          injected += 1;
          throw new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectTransactionConflict' },
    );
    try {
      // Act
      const claimed = await baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: staffToken });
      // Assess
      expect(claimed.status).toBe(200);
      expect(injected).toBe(2);
      const view = await baton.request('GET', `/api/issues/${issueId}`, { token: staffToken });
      expect(view.body.events.filter((event: { type: string }) => event.type === 'task_claimed')).toHaveLength(1);
    } finally {
      client.middlewareStack.remove('injectTransactionConflict');
    }
  });
});
