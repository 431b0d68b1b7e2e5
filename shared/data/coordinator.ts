// The issue's coordinator: named by default when its first step is completed (task-completion.ts
// asks `coordinatorByDefault`), changed by a manager with a reason. Each is an event.
import { changeIssue, IssueNotFoundError, type NewEvent } from '#shared/data/issue-changes.ts';
import type { ChangeCoordinator, Coordinator } from '#shared/domain/coordinator.ts';
import type { Caller } from '#shared/http/caller.ts';
import { notFound } from '#shared/http/errors.ts';

/** The event that records a coordinator named by default, in the completion's own transaction. */
export const coordinatorAssigned = (coordinator: Coordinator, step: string): NewEvent => ({
  type: 'coordinator_assigned',
  actor: { kind: 'system' },
  visibility: 'internal',
  data: { username: coordinator.username, step, because: 'first_step_completed' },
});

export async function changeCoordinator(issueId: string, caller: Caller, change: ChangeCoordinator): Promise<Coordinator> {
  return changeIssue(issueId, (issue, now) => {
    const coordinator: Coordinator = { username: change.username, displayName: change.username, since: now };
    return {
      events: [
        {
          type: 'coordinator_changed',
          actor: { kind: 'staff', username: caller.username },
          department: 'management',
          visibility: 'internal',
          text: change.reason,
          data: { from: issue.coordinator?.username ?? null, to: change.username },
        },
      ],
      set: { coordinator },
      result: coordinator,
    };
  }).catch((error: unknown) => {
    throw error instanceof IssueNotFoundError ? notFound(`No issue ${issueId}.`) : error;
  });
}
