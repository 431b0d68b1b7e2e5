// What happens when time runs out in product-defect: SLA breaches are recorded and escalated to a manager (never
// dropping the issue), an escalation that runs out is escalated again, and a completion entered too late is refused
// but kept. Time runs out because the test moves the runtime's clock past a due time (nothing sleeps), so the
// scenarios run one after another (a move reaches every open task of the runtime), each on a runtime of its own: an
// earlier scenario's open tasks would breach again at every later move (tests/README.md, "Time"). The other flows and
// the customer's waits: deadlines.test.ts (a file of its own, so that the two run beside each other).
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../support/local-baton.ts';
import { flowPlayersForEachTest } from '../../support/flow-actors.ts';
import { breachOf, day, issueAt, slow, triaged } from '../../support/late-steps.ts';

const the = flowPlayersForEachTest();

describe('when time runs out in product-defect', () => {
  it('a late triage of product-defect is escalated, and its late escalation is escalated again', slow, async () => {
    const { issueId } = await the.submit('product-defect');
    const late = await the.taskOf(issueId, 'triage');
    the.passDeadline(late.dueAt);
    const first = await the.taskOf(issueId, 'triage-escalation');
    // The manager does not act in time either: the escalation expires and opens again.
    expect(Date.parse(first.dueAt) - Date.parse(first.createdAt)).toBe(day);
    the.passDeadline(first.dueAt);
    const again = await the.taskOf(issueId, 'triage-escalation', { not: [first.taskId] });
    const view = await the.view(issueId);
    expect(view.tasks.find((task: TaskView) => task.taskId === first.taskId).status).toBe('expired');
    expect(view.events.filter((event: { type: string }) => event.type === 'sla_breached')).toHaveLength(2);
    await the.complete('manager', again, 'return_to_step', { instructions: 'Triage it now' });
    expect((await the.taskOf(issueId, 'triage', { not: [late.taskId] })).department).toBe('service');
  });
  it('late root cause and remedy of product-defect, open together in the parallel branches, are escalated and come back', slow, async () => {
    // The remedy's day runs out first, then the root cause's two days.
    const { issueId } = await issueAt(the, 'product-defect', [triaged]);
    await breachOf(the, issueId, 'remedy', 'sales', day);
    await breachOf(the, issueId, 'root-cause', 'production', 2 * day);
  });
  it('a late replacement and a late confirmation of product-defect are escalated and come back', slow, async () => {
    const replacing = await issueAt(the, 'product-defect', [
      triaged,
      ['sales', 'remedy', 'replacement', { offer: 'New pump' }],
      ['production', 'root-cause', 'root_cause_found', { rootCause: 'Bearing' }],
    ]);
    await breachOf(the, replacing.issueId, 'replacement', 'production', 2 * day);
    const confirming = await issueAt(the, 'product-defect', [['service', 'triage', 'not_a_defect', { explanation: 'Misuse' }]]);
    await breachOf(the, confirming.issueId, 'confirm', 'service', day);
  });
  it('a completion entered after the SLA expired is refused as task_closed but kept in the history', slow, async () => {
    // Prepare: service claims the triage, then the SLA runs out before they finish.
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: the.tokens.service })).status).toBe(200);
    the.passDeadline(triage.dueAt);
    await the.taskOf(issueId, 'triage-escalation');
    // Act
    const late = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: the.tokens.service,
      body: { outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' }, note: 'Sorry, busy day', packet: { summary: 'Late triage' } },
    });
    // Assess
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'task_closed' });
    const view = await the.view(issueId);
    expect(view.tasks.find((task: TaskView) => task.taskId === triage.taskId).status).toBe('expired');
    expect(view.events.find((event: { type: string }) => event.type === 'late_completion')).toMatchObject({
      actor: { kind: 'staff', username: 'service' },
      text: 'Sorry, busy day',
      data: { taskId: triage.taskId, outcome: 'confirmed_defect', fields: { findings: 'Found it, just late' } },
    });
  });
});
