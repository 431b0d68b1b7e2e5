// The issue's own transitions made by its flow: the execution records the flow version it runs on,
// and the flow closes the issue (each counted in the flow's figures with the change).
import { noChange, type Change } from '#shared/domain/change.ts';
import { closureDeltas, figureNames } from '#shared/domain/figures.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { closingSummary } from '#shared/notifications/notification-rules.ts';

/** The flow's first step: the issue finishes on the version its execution started with (recorded once). */
export function recordFlowStarted(issue: IssueRecord, input: { flowVersion: number }, now: string): Change<undefined> {
  if (issue.flowStartedAt) return noChange(undefined);
  return {
    events: [{ type: 'flow_started', actor: { kind: 'system' }, visibility: 'internal', data: { flowId: issue.flowId, flowVersion: input.flowVersion } }],
    set: { flowVersion: input.flowVersion, flowStartedAt: now },
    figures: { [figureNames.started]: 1 },
    result: undefined,
  };
}

/** The flow ends: the issue closes with its resolution (once), and the flow's closure figures move. */
export function closeIssue(issue: IssueRecord, input: { resolution: string }, now: string): Change<undefined> {
  if (issue.status === 'closed') return noChange(undefined);
  return {
    // What was done and promised (the last handoff packet) is what the customer reads at closing, here and by e-mail.
    events: [{ type: 'issue_closed', actor: { kind: 'system' }, visibility: 'customer', data: { resolution: input.resolution, ...closingSummary(issue) } }],
    set: { status: 'closed' },
    figures: closureDeltas(issue, now),
    result: undefined,
  };
}
