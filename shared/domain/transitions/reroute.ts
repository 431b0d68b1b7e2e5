// Reroutes ("not ours": a department hands the step to another, with a reason) and bounces (the issue
// going back to a department that already handed it off). Counted per issue, across parallel
// branches, so the flow can send the second reroute to a manager instead of bouncing on.
import { noChange, type Change, type NewEvent } from '#shared/domain/change.ts';
import { rerouteDeltas } from '#shared/domain/figures.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { TaskRecord } from '#shared/domain/task.ts';

export interface RerouteRecord {
  /** How many times the issue has been rerouted, this one included. */
  reroutes: number;
  bounced: boolean;
}

/** Counts the reroute a person completed on `task` (once, however often the step Lambda runs). */
export function recordReroute(issue: IssueRecord, task: TaskRecord): Change<RerouteRecord> {
  if (task.rerouteNumber !== undefined) return noChange({ reroutes: task.rerouteNumber, bounced: false });
  const from = task.department;
  // Without a department named (a reroute after the issue's first suggests one at most), a manager decides.
  const named = task.callbackResult?.fields.toDepartment;
  const to = typeof named === 'string' && named !== '' ? named : 'management';
  const reroutes = (issue.reroutes ?? 0) + 1;
  const bounced = (issue.reroutedFrom ?? []).includes(to);
  const reason = task.completedFields?.reason;
  const events: NewEvent[] = [
    {
      type: 'issue_rerouted',
      actor: task.callbackResult ? { kind: 'staff', username: task.callbackResult.completedBy } : { kind: 'system' },
      department: from,
      visibility: 'internal',
      ...(typeof reason === 'string' ? { text: reason } : {}),
      data: { taskId: task.taskId, step: task.step, from, to, reroutes },
    },
    ...(bounced ? [{ type: 'issue_bounced', actor: { kind: 'system' }, department: to, visibility: 'internal', data: { taskId: task.taskId, step: task.step, from, to } } satisfies NewEvent] : []),
  ];
  return {
    events,
    set: { reroutes, bounces: (issue.bounces ?? 0) + (bounced ? 1 : 0), reroutedFrom: [...new Set([...(issue.reroutedFrom ?? []), from])] },
    rerouteCounted: { taskId: task.taskId, rerouteNumber: reroutes },
    figures: rerouteDeltas({ step: task.step, from, to, bounced }),
    result: { reroutes, bounced },
  };
}
