// Hostile bodies and query strings on the API's routes, public and staff: each is a 400 naming what is wrong,
// with a stable code, and nothing is stored. None may reach a 5xx (on AWS that would trip the alarm).
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { uniqueIssue } from '../../support/api-fixtures.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { routes } from '#shared/api/routes.ts';

let baton: TestBaton;
let staffToken: string;
/** For the managers' own routes (the figures, the suggestions, the notification failures, changing an issue's coordinator), where anyone else is refused before the query is read. */
let managerToken: string;
const managersOnly = new Set(['Figures', 'ListFeedback', 'NotificationFailures', 'ChangeCoordinator']);
let issueId: string;

beforeAll(async () => {
  baton = await startTestBaton();
  [staffToken, managerToken] = await Promise.all([baton.login('service'), baton.login('manager')]);
  const submitted = await baton.request('POST', '/api/issues', { body: uniqueIssue() });
  if (submitted.status !== 201) throw new Error(`submit failed: ${submitted.status}`);
  issueId = submitted.body.issueId;
});
afterAll(async () => {
  await baton.dispose();
});

/**
 * What these requests could write: customers, issues and notes. (Flows keep writing their own
 * events and tasks in the background, and public requests count against rate limits.)
 */
async function storedIssueItems(): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: config.tableName(), ExclusiveStartKey: startKey, ConsistentRead: true }));
    count += (page.Items ?? []).filter((item) => ['CUSTOMER', 'ISSUE'].includes(String(item.sk)) || item.type === 'note_added').length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function post(route: string, body: string | Buffer, token?: string) {
  const response = await fetch(`${baton.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Each route with a body it would accept; '@@' marks where a test puts its bytes into a string. */
const jsonRoutes = [
  {
    name: 'intake (POST /api/issues, public)',
    route: () => '/api/issues',
    token: () => undefined,
    goodBody: () => JSON.stringify(uniqueIssue({ subject: 'Broken @@ bytes' })),
  },
  {
    name: 'a note (POST /api/issues/{id}/notes, staff)',
    route: () => `/api/issues/${issueId}/notes`,
    token: () => staffToken,
    goodBody: () => JSON.stringify({ text: 'A note with @@ in it', visibility: 'internal' }),
  },
];

describe('deeply nested JSON', () => {
  for (const { name, route, token } of jsonRoutes) {
    it(`2,500 nested arrays on ${name} are a 400 naming the body, not a 500`, async () => {
      const before = await storedIssueItems();
      const nested = `${'['.repeat(2500)}${']'.repeat(2500)}`;
      const response = await post(route(), nested, token());
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('too_deep');
      expect(response.body.error.details[0]).toMatchObject({ field: '(body)', code: 'too_deep' });
      expect(await storedIssueItems()).toBe(before);
    });

    it(`nesting inside a field of an otherwise good body on ${name} is refused the same way`, async () => {
      let deep: unknown = 'x';
      for (let level = 0; level < 100; level++) deep = { deep };
      const response = await post(route(), JSON.stringify({ ...uniqueIssue(), extra: deep }), token());
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('too_deep');
    });
  }

  it('brackets inside strings do not count as nesting', async () => {
    const response = await post('/api/issues', JSON.stringify(uniqueIssue({ description: `${'['.repeat(500)} "\\" {{{` })));
    expect(response.status).toBe(201);
  });
});

describe('bytes that are not UTF-8', () => {
  for (const { name, route, token, goodBody } of jsonRoutes) {
    it(`the same body with valid text instead is accepted on ${name}`, async () => {
      const response = await post(route(), Buffer.from(goodBody().replace('@@', 'é'), 'utf8'), token());
      expect(response.status).toBe(201);
    });

    it(`an invalid UTF-8 sequence in a string on ${name} is a 400 naming the body, and nothing is stored`, async () => {
      const before = await storedIssueItems();
      const [head, tail] = goodBody().split('@@');
      // 0xC3 0x28 is an invalid two-byte sequence; 0xFF never occurs in UTF-8.
      const bytes = Buffer.concat([Buffer.from(head!), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(tail!)]);
      const response = await post(route(), bytes, token());
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_utf8');
      expect(response.body.error.details[0]).toMatchObject({ field: '(body)', code: 'invalid_utf8' });
      expect(await storedIssueItems()).toBe(before);
    });
  }

  it('valid multi-byte UTF-8 (Chinese, emoji) is still accepted', async () => {
    const response = await post('/api/issues', Buffer.from(JSON.stringify(uniqueIssue({ subject: '泵两天后停了 🙁' })), 'utf8'));
    expect(response.status).toBe(201);
  });
});

describe('query parameters', () => {
  const apiRoutes = routes;
  const pathValues: Record<string, string> = { issueId: 'iss-unknown', taskId: 'tsk-unknown', customerId: 'cus-unknown', department: 'service', flowId: 'product-defect' };

  for (const route of apiRoutes) {
    for (const name of ['__proto__', 'constructor']) {
      it(`${route.method} ${route.path}?${name}=x is a 400 naming "${name}"`, async () => {
        const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => pathValues[param]!);
        const response = await baton.request(route.method, `${path}?${name}=x`, {
          token: route.auth === 'staff' ? (managersOnly.has(route.id) ? managerToken : staffToken) : undefined,
          ...(route.method === 'POST' ? { body: {} } : {}),
        });
        expect(response.status).toBe(400);
        if (route.id === 'LocalIdentity') {
          // The local identity answers as Cognito does.
          expect(response.body).toEqual({ __type: 'InvalidParameterException', message: expect.stringContaining(name) });
        } else {
          expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: name, code: 'unknown_field' })]));
        }
      });
    }
  }
});
