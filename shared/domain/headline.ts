// What a queue row or a search result shows of its issue: the one way to build it, for the API's answers
// (shared/data/issue-headlines.ts) and for the console when it opens an issue in full (web/src/console/issue-data.ts).
import type { Headline } from '#shared/api/schemas.ts';
import type { IssueStatus } from '#shared/domain/issue.ts';

export function headlineOf(
  issue: { subject: string; status: IssueStatus; orderRef?: string },
  customer: { name: string; company?: string } | undefined,
  unreadMessage: boolean,
): Headline {
  return {
    subject: issue.subject,
    status: issue.status,
    ...(customer ? { customerName: customer.name, ...(customer.company ? { company: customer.company } : {}) } : {}),
    ...(issue.orderRef ? { orderRef: issue.orderRef } : {}),
    unreadMessage,
  };
}
