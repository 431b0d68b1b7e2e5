import { describe, expect, it } from 'vitest';
import { executionArnOf } from '#shared/flows/step-functions-client.ts';

describe('executionArnOf', () => {
  it('names the execution under the state machine, whether it was started on the state machine or on its alias', () => {
    // Prepare
    const stateMachine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ProductDefect';
    const expected = 'arn:aws:states:eu-west-1:123456789012:execution:ProductDefect:issue-1';

    // Act
    const fromStateMachine = executionArnOf(stateMachine, 'issue-1');
    const fromAlias = executionArnOf(`${stateMachine}:live`, 'issue-1');

    // Assess
    expect({ fromStateMachine, fromAlias }).toEqual({ fromStateMachine: expected, fromAlias: expected });
  });
});
