// What the deadline tests (tests/integration/flows/deadlines-*.test.ts) do to a step: make it the one left to run
// late, let its SLA run out, and follow the breach to a manager and back.
import { expect } from 'vitest';
import type { TaskView } from './local-baton.ts';
import type { Actor, FlowPlayers } from './flow-actors.ts';

export const hours8 = 8 * 3600 * 1000;
export const day = 86_400 * 1000;
/** Nothing here waits for time to pass, but a loaded machine answers slowly: the old ceiling stays. */
export const slow = { timeout: 300_000 };

/** A step done by whom, with which outcome and fields. */
export type Work = [Actor, string, string, Record<string, unknown>];

/** The product-defect triage that confirms a defect, the start of most of its late steps. */
export const triaged: Work = ['service', 'triage', 'confirmed_defect', { findings: 'Noise' }];

/** Submits an issue and does the given steps at once, so the next step is the one left to run late. */
export async function issueAt(the: FlowPlayers, category: string, steps: Work[]) {
  const customer = await the.submit(category);
  for (const [as, step, outcome, fields] of steps) await the.complete(as, await the.taskOf(customer.issueId, step, { as }), outcome, fields);
  return customer;
}

/** Nobody acts on `step` in its SLA of `slaMs`: the breach is recorded, a manager is asked, and the step comes back to its department. */
export async function breachOf(the: FlowPlayers, issueId: string, step: string, department: string, slaMs: number) {
  const late = await the.taskOf(issueId, step, { as: 'manager' });
  expect(Date.parse(late.dueAt) - Date.parse(late.createdAt)).toBe(slaMs);
  the.passDeadline(late.dueAt);
  const escalation = await the.taskOf(issueId, `${step}-escalation`);
  const view = await the.view(issueId);
  expect(view.tasks.find((task: TaskView) => task.taskId === late.taskId).status).toBe('expired');
  expect(view.events.find((event: { type: string; data: { taskId?: string } }) => event.type === 'sla_breached' && event.data.taskId === late.taskId)).toMatchObject({ department });
  expect(escalation.department).toBe('management');
  expect(view.issue.status).toBe('escalated');
  await the.complete('manager', escalation, 'return_to_step', { instructions: `Do the ${step} today` });
  const back = await the.taskOf(issueId, step, { not: [late.taskId] });
  expect(back.department).toBe(department);
  // Back to normal unless a manager still holds another part of the issue: in parallel branches the
  // other branch's SLA may have run out when the clock moved past this one's.
  const after = (await the.view(issueId)).issue;
  const managerHolds = after.holders.some((holder: { department: string }) => holder.department === 'management');
  expect(after.status).toBe(managerHolds ? 'escalated' : 'open');
}
