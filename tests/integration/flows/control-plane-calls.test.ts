// The hot path of a flow uses Step Functions' data plane only: opening a task and recording the flow
// version read what they need from the step's payload, not from DescribeStateMachineForExecution
// (a control-plane action whose quota refills at 1 per second, i.e. one step per second past a burst);
// and a claim costs two data-plane calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { awsCallMeter, callsBetween } from '#shared/aws-call-meter.ts';
import { stepFunctionsClient } from '#shared/flows/step-functions-client.ts';
import { closed, flowPlayersForFile } from '../../support/flow-actors.ts';

// The outbox's sender off: its background writes are not the hot path this file counts.
const the = flowPlayersForFile({ sendOutbox: false });
/** Every Step Functions command any handler of this process sent (the local runtime runs them in-process). */
const sent: string[] = [];

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
    const calls = Object.fromEntries(Object.entries(callsBetween(before, awsCallMeter.snapshot())).map(([action, count]) => [action, count.calls]));
    expect(calls).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });
});
