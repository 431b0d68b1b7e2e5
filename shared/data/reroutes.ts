// Reroutes ("not ours": a department hands the step to another, with a reason) and bounces (the
// issue going back to a department that already handed it off). Counted per issue, across parallel
// branches, so the flow can send the second reroute to a manager instead of bouncing on.
import { changeIssue, noChange, type NewEvent } from '#shared/data/issue-changes.ts';
import { requireTask } from '#shared/data/task-items.ts';
import { config } from '#shared/config.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { flowFiguresWrite, rerouteDeltas } from '#shared/data/step-stats.ts';

export interface RerouteRecord {
  /** How many times the issue has been rerouted, this one included. */
  reroutes: number;
  bounced: boolean;
}

/** Counts the reroute a person completed on `taskId` (once, however often the step Lambda runs). */
export async function recordReroute(issueId: string, taskId: string): Promise<RerouteRecord> {
  return changeIssue(issueId, async (issue) => {
    const task = await requireTask(taskId);
    if (task.rerouteNumber !== undefined) return noChange({ reroutes: task.rerouteNumber, bounced: false });
    const from = task.department;
    const to = String(task.callbackResult?.fields.toDepartment ?? '');
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
        data: { taskId, step: task.step, from, to, reroutes },
      },
      ...(bounced
        ? [{ type: 'issue_bounced', actor: { kind: 'system' }, department: to, visibility: 'internal', data: { taskId, step: task.step, from, to } } satisfies NewEvent]
        : []),
    ];
    return {
      events,
      set: {
        reroutes,
        bounces: (issue.bounces ?? 0) + (bounced ? 1 : 0),
        reroutedFrom: [...new Set([...(issue.reroutedFrom ?? []), from])],
      },
      writes: [
        {
          Update: {
            TableName: config.tableName(),
            Key: taskEntity.key(taskId),
            UpdateExpression: 'SET rerouteNumber = :number',
            ConditionExpression: 'attribute_not_exists(rerouteNumber)',
            ExpressionAttributeValues: { ':number': reroutes },
          },
        },
        ...flowFiguresWrite(issue.flowId, rerouteDeltas({ step: task.step, from, to, bounced })),
      ],
      result: { reroutes, bounced },
    };
  });
}
