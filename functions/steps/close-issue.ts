// Step Lambda at the end of every flow: the issue is closed, visibly to the customer.
import { z } from 'zod';
import { closeIssue } from '#shared/data/issue-lifecycle.ts';

const closeIssueInput = z.object({ issueId: z.string().min(1), resolution: z.string().min(1).default('resolved') });

export async function handler(event: unknown) {
  const { issueId, resolution } = closeIssueInput.parse(event);
  await closeIssue(issueId, resolution);
  return { issueId, status: 'closed' };
}
