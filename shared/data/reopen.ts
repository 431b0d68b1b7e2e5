// The customer's "not solved" (decided in shared/domain/transitions/reopen.ts): stored as an event on
// the closed issue, which opens again and is put back on the repair list (issueEntity: flowNotStarted)
// in the same transaction; the follow-up execution is started after the commit
// (shared/flows/start-flow.ts), so a crash in between loses nothing.
import { requireIssue, runChange } from '#shared/data/issue-changes.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { eventsOf } from '#shared/data/read-models.ts';
import { reopenIssue as reopen } from '#shared/domain/transitions/reopen.ts';
import type { IssueExecutionInput } from '#shared/flows/step-functions-client.ts';

export async function reopenIssue(issueId: string, reason: string): Promise<IssueExecutionInput> {
  return runChange({
    read: async () => {
      const [issue, events] = await Promise.all([requireIssue(issueId), eventsOf(issueId)]);
      return { issue, events };
    },
    decide: ({ issue, events }, now) => {
      const change = reopen(issue, { events, reason }, now);
      return { ...change, set: { ...change.set, ...issueEntity.flowNotStartedKeys(issue.issueId, now) } };
    },
  });
}
