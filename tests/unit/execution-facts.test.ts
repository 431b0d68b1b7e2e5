import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { executionEnded, humanStepsScheduled, tookCompletion } from '#shared/flows/execution-facts.ts';

const at = new Date('2026-12-01T10:00:00Z');
let id = 0;
const event = (type: string, details: Record<string, unknown> = {}): HistoryEvent => ({ id: ++id, previousEventId: id - 1, timestamp: at, type, ...details }) as HistoryEvent;

const humanStep = {
  taskToken: 'token-1',
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:product-defect:iss-1',
  issueId: 'iss-1',
  flowId: 'product-defect',
  stateName: 'Triage the issue',
  enteredAt: '2026-12-01T10:00:00.000Z',
  attempt: 0,
  department: 'service',
  step: 'triage',
  stepName: { en: 'Triage', zh: '分诊' },
  outcomes: [{ id: 'confirmed_defect', label: { en: 'Confirmed defect', zh: '确认缺陷' }, fields: [] }],
};
const scheduled = (payload: unknown, resource = 'invoke.waitForTaskToken') =>
  event('TaskScheduled', { taskScheduledEventDetails: { resourceType: 'lambda', resource, region: 'us-east-1', parameters: JSON.stringify({ FunctionName: 'open-task', Payload: payload }) } });
const succeeded = (output: unknown) => event('TaskSucceeded', { taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', output: JSON.stringify(output) } });

describe('reading an execution history', () => {
  it('finds the human steps it scheduled, with their tokens, and nothing else', () => {
    // Prepare
    const customerWait = { taskToken: 'token-2', issueId: 'iss-1', askedIn: 'tsk-1', kind: 'question' };
    const history = [event('ExecutionStarted'), scheduled(humanStep), scheduled(customerWait), scheduled({ issueId: 'iss-1' }, 'invoke')];
    // Act
    const steps = humanStepsScheduled(history);
    // Assess
    expect(steps.map((step) => [step.taskToken, step.stateName])).toEqual([['token-1', 'Triage the issue']]);
  });

  it('a completion was taken only when a waiting step succeeded with that very task id', () => {
    // Prepare
    const history = [scheduled(humanStep), succeeded({ taskId: 'tsk-other', outcome: 'x' }), succeeded({ replied: true, step: 'triage' })];
    // Act + Assess
    expect(tookCompletion(history, 'tsk-other')).toBe(true);
    expect(tookCompletion(history, 'tsk-1')).toBe(false);
    expect(tookCompletion([...history, event('TaskTimedOut')], 'tsk-1')).toBe(false);
  });

  it('an execution has ended once its history holds an end event', () => {
    expect(executionEnded([event('ExecutionStarted'), scheduled(humanStep)])).toBe(false);
    for (const end of ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']) {
      expect(executionEnded([event('ExecutionStarted'), event(end)])).toBe(true);
    }
  });
});
