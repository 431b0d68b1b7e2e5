// The customer's "not solved": stored as an event on the closed issue, which opens again and is put
// on the repair list (gsi2 EXECUTION#PENDING) in the same transaction; the follow-up execution is
// started after the commit (shared/flows/start-flow.ts), so a crash in between loses nothing.
import { changeIssue, type IssueChange } from '#shared/data/issue-changes.ts';
import { pendingExecutionKeys } from '#shared/data/keys.ts';
import { eventsOf } from '#shared/data/read-models.ts';
import { flowFiguresWrite, reopenDeltas } from '#shared/data/step-stats.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import { followUpDepartment, reopenDecision } from '#shared/domain/reopen.ts';
import type { FlowId } from '#shared/flows/catalog.ts';
import type { IssueExecutionInput } from '#shared/flows/step-functions-client.ts';
import { conflict } from '#shared/http/errors.ts';

export async function reopenIssue(issueId: string, reason: string): Promise<IssueExecutionInput> {
  return changeIssue(issueId, async (issue, now): Promise<IssueChange<IssueExecutionInput>> => {
    const decision = reopenDecision(issue, await eventsOf(issueId), now);
    if (!decision.allowed) {
      throw decision.reason === 'not_closed'
        ? conflict('not_closed', 'The issue is not closed: write to it instead.')
        : conflict('reopen_window_closed', `The issue can no longer be reopened: that was possible until ${decision.until}, 14 days after it was closed.`);
    }
    const reopen = { number: (issue.reopens ?? 0) + 1, department: followUpDepartment(decision.closing) };
    return {
      events: [
        {
          type: 'issue_reopened',
          actor: { kind: 'customer' },
          visibility: 'customer',
          text: reason,
          data: { reopens: reopen.number, department: reopen.department, closedAt: decision.closing.closedAt },
        },
      ],
      set: {
        status: 'open',
        reopens: reopen.number,
        reopen,
        // The follow-up's holder reads the customer's reason first.
        latestHandoff: handoffs.customer(now, reason),
        ...pendingExecutionKeys(issueId, now),
      },
      writes: flowFiguresWrite(issue.flowId, reopenDeltas(issue, decision.closing.closedAt)),
      result: { issueId, flowId: issue.flowId as FlowId, reopen },
    };
  });
}
