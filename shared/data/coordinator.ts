// The issue's coordinator: named by default when its first step is completed (the completion's
// transition asks `coordinatorByDefault`), changed by a manager with a reason. Each is an event.
import { requireIssue, runChange } from '#shared/data/issue-changes.ts';
import { changeCoordinator as change, type ChangeCoordinator, type Coordinator } from '#shared/domain/coordinator.ts';
import type { Caller } from '#shared/domain/staff.ts';

export async function changeCoordinator(issueId: string, caller: Caller, body: ChangeCoordinator): Promise<Coordinator> {
  return runChange({ read: async () => ({ issue: await requireIssue(issueId) }), decide: ({ issue }, now) => change(issue, { caller, change: body }, now) });
}
