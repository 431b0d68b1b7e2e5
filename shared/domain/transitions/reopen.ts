// The customer's "not solved" as a pure transition: within 14 days of closing (shared/domain/reopen.ts)
// the closed issue opens again, the closing's figures are taken back, and the follow-up execution is
// what the data layer starts after the commit (the issue is put back on the repair list meanwhile).
import type { Change } from '#shared/domain/change.ts';
import { InvalidTransitionError } from '#shared/domain/errors.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { reopenDeltas } from '#shared/domain/figures.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { followUpDepartment, reopenDecision } from '#shared/domain/reopen.ts';

/** What the follow-up execution starts with. */
export interface Reopened {
  issueId: string;
  flowId: IssueRecord['flowId'];
  reopen: { number: number; department: string };
}

export function reopenIssue(issue: IssueRecord, input: { events: readonly IssueEvent[]; reason: string }, now: string): Change<Reopened> {
  const decision = reopenDecision(issue, input.events, now);
  if (!decision.allowed) {
    throw decision.reason === 'not_closed'
      ? new InvalidTransitionError('not_closed', 'The issue is not closed: write to it instead.')
      : new InvalidTransitionError('reopen_window_closed', `The issue can no longer be reopened: that was possible until ${decision.until}, 14 days after it was closed.`);
  }
  const reopen = { number: (issue.reopens ?? 0) + 1, department: followUpDepartment(decision.closing) };
  return {
    events: [
      {
        type: 'issue_reopened',
        actor: { kind: 'customer' },
        visibility: 'customer',
        text: input.reason,
        data: { reopens: reopen.number, department: reopen.department, closedAt: decision.closing.closedAt },
      },
    ],
    set: {
      status: 'open',
      reopens: reopen.number,
      reopen,
      // The follow-up's holder reads the customer's reason first.
      latestHandoff: handoffs.customer(now, input.reason),
    },
    // The follow-up execution's first task confirms it runs (openTask: executionConfirmed).
    remove: ['executionArn'],
    figures: reopenDeltas(issue, decision.closing.closedAt),
    result: { issueId: issue.issueId, flowId: issue.flowId, reopen },
  };
}
