// "Not solved": within 14 days of closing, the customer may reopen their issue; it goes to a
// follow-up step of the department that closed it (see workflows/README.md, Reopening). Pure rules:
// the window, who closed the issue, and how a reopen's execution is named.

/** How long after closing a customer may still say the issue is not solved. */
export const reopenWindowMs = 14 * 86_400_000;

interface ClosingEvent {
  type: string;
  at: string;
  department?: string | undefined;
  actor: { kind: string; username?: string };
}

/** The issue's latest closing: when, and the department (and person) whose completion closed it. */
export interface Closing {
  closedAt: string;
  department?: string;
  closedBy?: string;
}

/** The latest `issue_closed` event, with the last completion before it (the step that closed the issue). */
export function latestClosing(events: readonly ClosingEvent[]): Closing | undefined {
  let closing: Closing | undefined;
  let lastCompletion: ClosingEvent | undefined;
  for (const event of events) {
    if (event.type === 'task_completed') lastCompletion = event;
    if (event.type === 'issue_closed') {
      closing = {
        closedAt: event.at,
        ...(lastCompletion?.department ? { department: lastCompletion.department } : {}),
        ...(lastCompletion?.actor.username ? { closedBy: lastCompletion.actor.username } : {}),
      };
    }
  }
  return closing;
}

/** Until when a closed issue may be reopened (exclusive). */
export const reopenableUntil = (closedAt: string): string => new Date(Date.parse(closedAt) + reopenWindowMs).toISOString();

export type ReopenDecision =
  | { allowed: true; closing: Closing; until: string }
  | { allowed: false; reason: 'not_closed' }
  | { allowed: false; reason: 'reopen_window_closed'; until: string };

/** Whether the customer may reopen now: only a closed issue, only before its window ends. */
export function reopenDecision(issue: { status: string }, events: readonly ClosingEvent[], now: string): ReopenDecision {
  const closing = issue.status === 'closed' ? latestClosing(events) : undefined;
  if (!closing) return { allowed: false, reason: 'not_closed' };
  const until = reopenableUntil(closing.closedAt);
  return now < until ? { allowed: true, closing, until } : { allowed: false, reason: 'reopen_window_closed', until };
}

/** Where the follow-up opens: the department whose completion closed the issue, else (`home`) the follow-up step's own lane. */
export const followUpDepartment = (closing: Closing): string => closing.department ?? 'home';

/**
 * A reopen runs as a new execution of the issue's flow, named after the issue and the reopen's
 * number ("iss-…_reopen-2"): starting it twice is harmless, and the first execution's history is
 * left as it ended. Issue ids never contain "_" (shared/domain/ids.ts), so the issue id is the part before it.
 */
export const reopenExecutionName = (issueId: string, reopenNumber: number) => `${issueId}_reopen-${reopenNumber}`;
export const issueIdOfExecutionName = (name: string) => name.split('_')[0]!;
