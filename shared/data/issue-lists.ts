// Issue lists for staff: by status (gsi3, optionally only what one department holds now), and the
// exact-match search (issue id, tracking code, e-mail, order reference). GetItem and Query only.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { keys, normaliseOrderRef } from '#shared/data/keys.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import type { IssueStatus } from '#shared/domain/issue.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { hashTrackingCode } from '#shared/domain/tracking-code.ts';
import type { IssueList, IssueSummary, SearchResult } from '#shared/api/schemas.ts';

export function issueSummary(issue: IssueRecord): IssueSummary {
  return {
    issueId: issue.issueId,
    customerId: issue.customerId,
    status: issue.status,
    flowId: issue.flowId,
    flowVersion: issue.flowVersion,
    category: issue.category,
    subject: issue.subject,
    ...(issue.orderRef ? { orderRef: issue.orderRef } : {}),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    holders: (issue.holders ?? []).map(({ department, since }) => ({ department, since })),
    reroutes: issue.reroutes ?? 0,
    bounces: issue.bounces ?? 0,
  };
}

const statusPartition = (status: IssueStatus) => `ISSUES#${status}`;
/** Reading stops after this many index pages, so a rare department filter cannot make one request slow. */
const maxPagesPerRequest = 5;

/**
 * Issues in one status, oldest first, `limit` per page. With a department, only the issues it holds
 * now; that filter runs on the page read (like a FilterExpression), so a page may hold fewer.
 */
export async function listIssues(
  filter: { status: IssueStatus; department?: string },
  nextToken: string | undefined,
  limit = 50,
): Promise<IssueList> {
  const partition = statusPartition(filter.status);
  let startKey: Record<string, unknown> | undefined = decodePageToken(nextToken, { index: ['pk', 'sk', 'gsi3pk', 'gsi3sk'], partition: { gsi3pk: partition } });
  const issues: IssueSummary[] = [];
  for (let page = 0; page < maxPagesPerRequest; page++) {
    const result = await documentClient().send(
      new QueryCommand({
        TableName: config.tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: limit - issues.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (result.Items ?? []) as Array<IssueRecord & Record<string, unknown>>) {
      if (filter.department && !(item.holders ?? []).some((holder) => holder.department === filter.department)) continue;
      issues.push(issueSummary(item));
    }
    startKey = result.LastEvaluatedKey;
    if (!startKey || issues.length >= limit) break;
  }
  const token = encodePageToken(startKey);
  return { issues, ...(token ? { nextToken: token } : {}) };
}

async function issuesByCustomerEmail(email: string): Promise<IssueRecord[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: keys.customerByEmail(email) }));
  const customerId = found.Item?.customerId as string | undefined;
  if (!customerId) return [];
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :issue)',
      ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':issue': 'ISSUE#' },
      Limit: 100,
    }),
  );
  return (result.Items ?? []) as IssueRecord[];
}

async function issueByTrackingCode(code: string): Promise<IssueRecord[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: keys.tracking(hashTrackingCode(code)) }));
  const issueId = found.Item?.issueId as string | undefined;
  const issue = issueId ? await readIssue(issueId) : undefined;
  return issue ? [issue] : [];
}

async function issuesByOrderRef(orderRef: string): Promise<IssueRecord[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': `ORDER#${normaliseOrderRef(orderRef)}` },
      Limit: 100,
    }),
  );
  return (result.Items ?? []) as IssueRecord[];
}

/** Every exact match of `q`, newest first, each saying what it matched by. */
export async function searchIssues(q: string): Promise<SearchResult> {
  const lookups: Array<[SearchResult['issues'][number]['matchedBy'][number], Promise<IssueRecord[]>]> = [
    ['orderRef', issuesByOrderRef(q)],
    ['trackingCode', /^[A-Za-z0-9 -]{15,40}$/.test(q) ? issueByTrackingCode(q) : Promise.resolve([])],
    ['email', q.includes('@') ? issuesByCustomerEmail(q.toLowerCase()) : Promise.resolve([])],
    ['issueId', /^iss-[A-Za-z0-9_-]{1,64}$/.test(q) ? readIssue(q).then((issue) => (issue ? [issue] : [])) : Promise.resolve([])],
  ];
  const found = new Map<string, SearchResult['issues'][number]>();
  for (const [matchedBy, lookup] of lookups) {
    for (const issue of await lookup) {
      const seen = found.get(issue.issueId);
      if (seen) seen.matchedBy.push(matchedBy);
      else found.set(issue.issueId, { ...issueSummary(issue), matchedBy: [matchedBy] });
    }
  }
  return { issues: [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
}
