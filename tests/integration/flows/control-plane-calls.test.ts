// The hot path of a flow uses Step Functions' data plane only: opening a task and recording the flow
// version read what they need from the step's payload, not from DescribeStateMachineForExecution
// (a control-plane action whose quota refills at 1 per second, i.e. one step per second past a burst);
// and the round trips of an intake, a claim and a completion are counted (issue 11: ≤ 5, 2, ≤ 8).
import { beforeAll, describe, expect, it } from 'vitest';
import { awsCallMeter, callsBetween, type CallCounts } from '#shared/aws-call-meter.ts';
import { stepFunctionsClient } from '#shared/flows/step-functions-client.ts';
import { closed, flowPlayersForFile } from '../../support/flow-actors.ts';
import { probeOf } from '../../bench/probe.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { readTask } from '#shared/data/task-items.ts';

// The outbox's sender off: its background writes are not the hot path this file counts.
const the = flowPlayersForFile({ sendOutbox: false });
/** Every Step Functions command any handler of this process sent (the local runtime runs them in-process). */
const sent: string[] = [];
/** The hot path's calls since `before`, by action (the probe that waits reads through clients of its own, not counted). */
const callsSince = (before: CallCounts) =>
  Object.fromEntries(Object.entries(callsBetween(before, awsCallMeter.snapshot())).map(([action, count]) => [action, count.calls]));

beforeAll(() => {
  stepFunctionsClient().middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countStepFunctionsCommands' },
  );
});

describe('Step Functions calls on the hot path', () => {
  it('an intake and the completions of its steps call no control-plane action', async () => {
    // Prepare
    const { issueId } = await the.submit('billing-dispute');

    // Act
    await the.complete('sales', await the.taskOf(issueId, 'review', { as: 'sales' }), 'no_credit', { explanation: 'The charge is correct' });
    await the.complete('service', await the.taskOf(issueId, 'inform-decision', { as: 'service' }), 'customer_informed', { message: 'Explained the charge' });
    const view = await the.until(issueId, closed);

    // Assess: the counter saw the handlers' calls, and none of them described the execution.
    expect(view.issue.flowVersion).toBe(3);
    expect(sent).toEqual(expect.arrayContaining(['StartExecutionCommand', 'SendTaskSuccessCommand']));
    expect(sent).not.toContain('DescribeStateMachineForExecutionCommand');
  });

  it('a claim reads its task with its issue in one request and writes once (the task id names its issue)', async () => {
    // Prepare
    const { issueId } = await the.submit('billing-dispute');
    const task = await the.taskOf(issueId, 'review', { as: 'sales' });
    const sales = await the.baton.login('sales');
    const before = awsCallMeter.snapshot();

    // Act
    const claimed = await the.baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: sales });

    // Assess
    expect(claimed.status).toBe(200);
    expect(callsSince(before)).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('an intake costs five calls up to its first task: the rate limit, the intake, the start, and the task (issue and queue read together, write)', async () => {
    // Prepare: nothing warmed: who of the queue wants e-mail is read with the issue, not kept per process
    const probe = probeOf(the.baton);
    const before = awsCallMeter.snapshot();

    // Act
    const { issueId } = await the.submit('product-defect');
    await probe.settle(issueId, ({ openSteps }) => openSteps.includes('triage'));

    // Assess: one UpdateItem counts the request in its rate-limit window, with no read of an earlier one;
    // the opening reads its issue and its queue's subscribers in one BatchGetItem (no Query of them).
    expect(callsSince(before)).toEqual({ UpdateItem: 1, TransactWriteItems: 2, StartExecution: 1, BatchGetItem: 1 });
  });

  it('a completion that opens the next two steps costs at most 8 calls, even when the two openings collide on the issue', async () => {
    // Prepare
    const probe = probeOf(the.baton);
    const { issueId } = await the.submit('product-defect');
    const triage = await the.taskOf(issueId, 'triage', { as: 'service' });
    const service = the.tokens.service;
    expect((await the.baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token: service })).status).toBe(200);
    await probe.settle(issueId, () => true);
    const before = awsCallMeter.snapshot();

    // Act
    const completed = await the.baton.request('POST', `/api/tasks/${triage.taskId}/complete`, {
      token: service,
      body: { outcome: 'confirmed_defect', fields: { findings: 'A cracked housing' }, packet: { summary: 'Confirmed' } },
    });
    await probe.settle(issueId, ({ openSteps }) => openSteps.includes('root-cause') && openSteps.includes('remedy'));

    // Assess: the completion (read, write, callback) and two openings, each one BatchGetItem of its issue
    // and its queue's subscribers and one write; the first opening's write also takes the completion off
    // the pending-callback list (they run only once the flow took it), so no confirming UpdateItem.
    // Two openings at the same moment collide on the issue's guard: the refused one is decided again from
    // the issue the refusal returned, one more write and no more read (7 calls, 8 after a collision).
    expect(completed.status).toBe(200);
    const calls = callsSince(before);
    const { TransactWriteItems: writes = 0, ...rest } = calls;
    expect(rest).toEqual({ BatchGetItem: 3, SendTaskSuccess: 1 });
    expect([3, 4]).toContain(writes);
    const stored = await readTask(triage.taskId);
    expect(stored).toMatchObject({ status: 'completed' });
    expect(stored?.callbackPending).toBeUndefined();
    expect((await readIssue(issueId))?.callbackPending).toBeUndefined();
  });
});
