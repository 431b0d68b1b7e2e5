// Records a reroute a person completed (decided in shared/domain/transitions/reroute.ts).
import { runChange } from '#shared/data/issue-changes.ts';
import { readTaskWithIssue } from '#shared/data/task-items.ts';
import { recordReroute as countReroute, type RerouteRecord } from '#shared/domain/transitions/reroute.ts';

export type { RerouteRecord } from '#shared/domain/transitions/reroute.ts';

/** Counts the reroute a person completed on `taskId` (once, however often the step Lambda runs). */
export async function recordReroute(_issueId: string, taskId: string): Promise<RerouteRecord> {
  return runChange({ read: () => readTaskWithIssue(taskId), decide: ({ issue, task }) => countReroute(issue, task) });
}
