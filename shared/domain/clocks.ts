// Department clocks: how long each department has held an issue, kept current as tasks move so
// they are read without replaying history. Wall-clock time (see README: SLAs and clocks).
import type { Holder, Issue } from '#shared/domain/issue.ts';

export const secondsBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** A department takes the issue: it becomes a holder from now on. */
export function addHolder(issue: Pick<Issue, 'holders'>, holder: Holder): Holder[] {
  return [...issue.holders.filter((existing) => existing.taskId !== holder.taskId), holder];
}

/** Parallel holders of one department count once: the department holds the issue since the earliest of them. */
export function departmentHolds(holders: readonly Pick<Holder, 'department' | 'since'>[]): Map<string, string> {
  const since = new Map<string, string>();
  for (const holder of holders) {
    const seen = since.get(holder.department);
    if (!seen || holder.since < seen) since.set(holder.department, holder.since);
  }
  return since;
}

/** A task closes: its department stops holding the issue and its clock keeps the time it held it. */
export function closeHolder(issue: Pick<Issue, 'holders' | 'clocks'>, taskId: string, now: string) {
  const holder = issue.holders.find((candidate) => candidate.taskId === taskId);
  const clocks = { ...issue.clocks };
  let holders = issue.holders.filter((candidate) => candidate.taskId !== taskId);
  if (!holder) return { holders, clocks };
  const heldSince = departmentHolds(issue.holders).get(holder.department)!;
  const sameDepartment = holders.find((candidate) => candidate.department === holder.department);
  if (sameDepartment) {
    // The department still holds the issue through a parallel task: its clock keeps running from the earliest start.
    holders = holders.map((candidate) => (candidate === sameDepartment ? { ...candidate, since: heldSince } : candidate));
  } else {
    clocks[holder.department] = (clocks[holder.department] ?? 0) + secondsBetween(heldSince, now);
  }
  return { holders, clocks };
}

/** Clocks as of now: stored totals plus the running time of current holders and of a customer wait. */
export function currentClocks(issue: Pick<Issue, 'holders' | 'clocks' | 'waitingCustomerSince'>, now: string): Record<string, number> {
  const clocks: Record<string, number> = { customer: 0, ...issue.clocks };
  for (const [department, since] of departmentHolds(issue.holders)) clocks[department] = (clocks[department] ?? 0) + secondsBetween(since, now);
  if (issue.waitingCustomerSince) clocks.customer = (clocks.customer ?? 0) + secondsBetween(issue.waitingCustomerSince, now);
  for (const key of Object.keys(clocks)) clocks[key] = Math.round(clocks[key]!);
  return clocks;
}

/** The customer answered (or the flow stopped waiting): their clock keeps the time the issue waited for them. */
export function stopCustomerClock(issue: Pick<Issue, 'clocks' | 'waitingCustomerSince'>, now: string): Record<string, number> {
  const clocks = { ...issue.clocks };
  if (issue.waitingCustomerSince) clocks.customer = (clocks.customer ?? 0) + secondsBetween(issue.waitingCustomerSince, now);
  return clocks;
}
