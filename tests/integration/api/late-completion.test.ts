// Who may record a completion after a task's SLA expired: only the person who held its claim when
// the flow gave up on it. Anyone else is refused before anything is written, so the history never
// shows a "late completion" by someone who never held the task. The SLA runs out by moving the clock.
import { expect, it } from 'vitest';
import type { TaskView } from '../../support/local-baton.ts';
import { flowPlayersForFile } from '../../support/flow-actors.ts';

const the = flowPlayersForFile();

const lateBody = { outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' }, packet: { summary: 'Late triage' } };

it('a late completion by anyone but the holder is refused and writes nothing; the holder’s is kept', { timeout: 300_000 }, async () => {
  // Prepare: service claims the triage, then the SLA runs out before they finish.
  const { issueId } = await the.submit('product-defect');
  const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
  expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service })).status).toBe(200);
  the.passDeadline(triage.dueAt);
  await the.taskOf(issueId, 'triage-escalation');
  const colleague = await the.baton.login('service2');
  const before = await the.view(issueId);

  // Act: a colleague of the same department and a manager try to complete the expired task.
  const byColleague = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, { token: colleague, body: { ...lateBody, note: 'Not mine' } });
  const byManager = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, { token: the.tokens.manager, body: lateBody });
  const bySales = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, { token: the.tokens.sales, body: lateBody });

  // Assess: refused, and the history has not moved.
  expect({ status: byColleague.status, code: byColleague.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
  expect({ status: byManager.status, code: byManager.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
  expect(bySales.status).toBe(403);
  const after = await the.view(issueId);
  expect(after.events).toEqual(before.events);

  // Act: the person who held it completes it late.
  const byHolder = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, { token: the.tokens.service, body: lateBody });

  // Assess: refused as closed, but kept in the history under their name.
  expect({ status: byHolder.status, code: byHolder.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
  const view = await the.view(issueId);
  expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('expired');
  expect(view.events.filter((event: { type: string }) => event.type === 'late_completion')).toEqual([
    expect.objectContaining({ actor: { kind: 'staff', username: 'service' }, data: expect.objectContaining({ taskId: triage.taskId }) }),
  ]);
});
