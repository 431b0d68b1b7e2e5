// Baton's staff as the domain sees them: departments, groups, who is acting, and the one permission
// rule for tasks. How a caller is read from a request lives at the edge (shared/http/caller.ts).
import { ForbiddenError } from '#shared/domain/errors.ts';

export const departments = ['sales', 'production', 'service'] as const;
export type Department = (typeof departments)[number];
export const staffGroups = [...departments, 'managers'] as const;
export type StaffGroup = (typeof staffGroups)[number];

export interface Caller {
  username: string;
  groups: StaffGroup[];
}

export const isManager = (caller: Caller) => caller.groups.includes('managers');

/**
 * Claim, release and complete: the task's own department, or a manager. Checked once per change,
 * before the task's state, so another department learns nothing about the task (403 whatever its state).
 */
export function assertMayActOnTask(caller: Caller, task: { department: string }): void {
  if (isManager(caller)) return;
  if (task.department !== 'management' && (caller.groups as string[]).includes(task.department)) return;
  throw new ForbiddenError(`Only ${task.department === 'management' ? 'managers' : `${task.department} staff`} or a manager may act on this task.`);
}

/** The department a staff member writes as (a note's department): their first group, managers as `management`. */
export function departmentOf(caller: Caller): string {
  const group = caller.groups[0];
  return !group || group === 'managers' ? 'management' : group;
}
