// Step Lambda at the end of every flow: the issue is closed, visibly to the customer.
import { closeIssue } from '#shared/data/issue-lifecycle.ts';
import { closeIssuePayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const { issueId, resolution } = closeIssuePayload.parse(event);
  await closeIssue(issueId, resolution);
  return { issueId, status: 'closed' };
}
