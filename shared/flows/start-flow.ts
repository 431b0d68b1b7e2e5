// Starts an issue's flow after its intake committed. A failure here loses nothing: the issue stays
// on the repair list (EXECUTION#PENDING) and the repair starts it later under the same name.
// After intake, the issue leaves that list when its first task opens (in that change, no write of its
// own); the repair, which starts flows that may be stuck before their first task, confirms at once.
import { markExecutionStarted } from '#shared/data/issue-lifecycle.ts';
import { startIssueExecution, type IssueExecutionInput } from '#shared/flows/step-functions-client.ts';
import { logger } from '#shared/logger.ts';

export async function startFlowOf(input: IssueExecutionInput, { confirm = 'by its first task' }: { confirm?: 'now' | 'by its first task' } = {}): Promise<boolean> {
  try {
    const executionArn = await startIssueExecution(input);
    if (confirm === 'now') await markExecutionStarted(input.issueId, executionArn);
    return true;
  } catch (error) {
    logger.error('flow start failed; the issue stays on the repair list', { issueId: input.issueId, error: error as Error });
    return false;
  }
}
