// One contact per issue: the coordinator, a named person who answers for the issue as a whole (each
// step still has its own holder). By default the first person to complete the issue's first step;
// a manager may name another, with a reason. The customer sees the coordinator's display name only.
import { z } from 'zod';
import { requiredText } from '#shared/domain/fields.ts';
import type { NewEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { Change } from '#shared/domain/change.ts';
import type { Caller } from '#shared/domain/staff.ts';

export const coordinatorSchema = z.object({
  username: z.string(),
  /** What the customer sees: never an e-mail address or a token. Baton knows staff by user name only. */
  displayName: z.string(),
  since: z.string(),
});
export type Coordinator = z.infer<typeof coordinatorSchema>;

/** Outcomes that hand a step on without doing it: whoever picks them has not completed the step. */
const notDoneOutcomes = new Set(['reroute', 'ask_customer']);

/**
 * The coordinator a completion makes: the first person to complete the issue's first step (its first
 * task's step) becomes it, unless the issue already has one. Undefined: nothing changes.
 */
export function coordinatorByDefault(
  issue: { coordinator?: Coordinator | undefined; path: readonly string[] },
  completion: { step: string; outcome: string; username: string },
  now: string,
): Coordinator | undefined {
  if (issue.coordinator) return undefined;
  if (completion.step !== issue.path[0] || notDoneOutcomes.has(completion.outcome)) return undefined;
  return { username: completion.username, displayName: completion.username, since: now };
}

/** Staff user names as the user pool allows them (npm run users): letters, digits and . _ @ -. */
export const staffUsername = z.string().trim().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'A staff user name: letters, digits and . _ @ - only.');

/** POST /api/issues/{issueId}/coordinator: who, and why (kept in the history). */
export const changeCoordinatorBody = z.strictObject({
  username: staffUsername,
  reason: requiredText(1_000),
});
export type ChangeCoordinator = z.infer<typeof changeCoordinatorBody>;

/** The event that records a coordinator named by default, in the completion's own transaction. */
export const coordinatorAssigned = (coordinator: Coordinator, step: string): NewEvent => ({
  type: 'coordinator_assigned',
  actor: { kind: 'system' },
  visibility: 'internal',
  data: { username: coordinator.username, step, because: 'first_step_completed' },
});

/** A manager names the issue's coordinator, with a reason (kept in the history). */
export function changeCoordinator(issue: IssueRecord, input: { caller: Caller; change: ChangeCoordinator }, now: string): Change<Coordinator> {
  const { caller, change } = input;
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
}
