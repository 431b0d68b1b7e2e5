// What a queue row or a search result shows of its issue beside the task: the subject, the customer's name and
// company, the order reference, and whether the customer wrote since staff last acted. Answered with the list itself,
// so a console showing 50 rows asks once, not 51 times (one invocation, the list's Query and two BatchGetItems on
// AWS, against an issue 360 per row: a Query, a second Query and a BatchGetItem each).
import { batchGet } from '#shared/data/batch-get.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { hasUnreadCustomerMessage } from '#shared/domain/unread.ts';
import type { Headline } from '#shared/api/schemas.ts';
import { headlineOf } from '#shared/domain/headline.ts';

/** The headlines of these issues, by issue id: their customers read in one BatchGetItem. */
export async function headlinesFor(issues: readonly IssueRecord[]): Promise<Record<string, Headline>> {
  const customers = new Map(
    (await batchGet([...new Set(issues.map((issue) => issue.customerId))].map((customerId) => customerEntity.key(customerId))))
      .map(customerEntity.parse)
      .map((customer) => [customer.customerId, customer]),
  );
  const entries = await Promise.all(
    issues.map(async (issue): Promise<[string, Headline]> => {
      // An issue stored before the flag existed says it from its history, until a customer's message or a staff
      // action on it stores the flag (shared/domain/unread.ts).
      const unreadMessage = issue.unreadMessage ?? hasUnreadCustomerMessage((await queryAllOf(eventEntity.access.ofIssue(issue.issueId))).map(eventEntity.parse));
      return [issue.issueId, headlineOf(issue, customers.get(issue.customerId), unreadMessage)];
    }),
  );
  return Object.fromEntries(entries);
}

/** The headlines of the issues named, read by key (one BatchGetItem per 100), then as `headlinesFor`. */
export async function headlinesOf(issueIds: readonly string[]): Promise<Record<string, Headline>> {
  const unique = [...new Set(issueIds)];
  if (unique.length === 0) return {};
  return headlinesFor((await batchGet(unique.map((issueId) => issueEntity.key(issueId)))).map(issueEntity.parse));
}
