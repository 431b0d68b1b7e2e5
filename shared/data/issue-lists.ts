// Issue lists for staff: by status (optionally only what one department holds now), and the
// exact-match search (issue id, tracking code, e-mail, order reference). GetItem, Query and
// BatchGetItem only: the lists' indexes hold keys and a few attributes, the summaries are read from
// the issue items by key (table-definition.ts says why).
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { batchGet } from '#shared/data/batch-get.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { pageTokenShape, queryOf } from '#shared/data/entities/access.ts';
import { customerEmailEntity } from '#shared/data/entities/customer.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';
import { decodePageToken, encodePageToken } from '#shared/data/paging.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { headlinesFor } from '#shared/data/issue-headlines.ts';
import type { IssueStatus } from '#shared/domain/issue.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { hashTrackingCode } from '#shared/domain/tracking-code.ts';
import { issuesOfCustomer } from '#shared/data/read-models.ts';
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

/** The issue items of these listed keys, in the list's order. */
const issuesListed = async (listed: Array<{ issueId: string }>): Promise<IssueRecord[]> =>
  (await batchGet(listed.map(({ issueId }) => issueEntity.key(issueId)))).map(issueEntity.parse);

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
  const access = issueEntity.access.inStatus(filter.status);
  let startKey: Record<string, unknown> | undefined = decodePageToken(nextToken, pageTokenShape(access));
  const issues: IssueSummary[] = [];
  for (let page = 0; page < maxPagesPerRequest; page++) {
    const result = await documentClient().send(new QueryCommand({ ...queryOf(access), Limit: limit - issues.length, ExclusiveStartKey: startKey }));
    // The index holds keys only: the issues themselves are read by key, in the list's order.
    const listed = await batchGet(result.Items ?? []);
    for (const issue of listed.map(issueEntity.parse)) {
      if (filter.department && !(issue.holders ?? []).some((holder) => holder.department === filter.department)) continue;
      issues.push(issueSummary(issue));
    }
    startKey = result.LastEvaluatedKey;
    if (!startKey || issues.length >= limit) break;
  }
  const token = encodePageToken(startKey);
  return { issues, ...(token ? { nextToken: token } : {}) };
}

async function issuesByCustomerEmail(email: string): Promise<IssueRecord[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: customerEmailEntity.key(email) }));
  if (!found.Item) return [];
  return issuesListed((await issuesOfCustomer(customerEmailEntity.parse(found.Item).customerId)).slice(0, 100));
}

async function issueByTrackingCode(code: string): Promise<IssueRecord[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: trackingCodeEntity.key(hashTrackingCode(code)) }));
  const issue = found.Item ? await readIssue(trackingCodeEntity.parse(found.Item).issueId) : undefined;
  return issue ? [issue] : [];
}

async function issuesByOrderRef(orderRef: string): Promise<IssueRecord[]> {
  const result = await documentClient().send(new QueryCommand({ ...queryOf(issueEntity.access.ofOrderRef(orderRef)), Limit: 100 }));
  return issuesListed((result.Items ?? []).map(issueEntity.parseOrderRefListing));
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
  // Each issue once, as first found: its headline is read from the same record.
  const records: IssueRecord[] = [];
  for (const [matchedBy, lookup] of lookups) {
    for (const issue of await lookup) {
      const seen = found.get(issue.issueId);
      if (seen) seen.matchedBy.push(matchedBy);
      else {
        found.set(issue.issueId, { ...issueSummary(issue), matchedBy: [matchedBy] });
        records.push(issue);
      }
    }
  }
  const issues = [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { issues, headlines: await headlinesFor(records) };
}
