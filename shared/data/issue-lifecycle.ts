// Issue-level transitions made by the flow: its execution confirmed started, and its closure (each
// also counted in the flow's figures, in the same transaction).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue, noChange } from '#shared/data/issue-changes.ts';
import { keys } from '#shared/data/keys.ts';
import { closingSummary } from '#shared/notifications/notification-rules.ts';
import { closureDeltas, figureNames, flowFiguresWrite } from '#shared/data/step-stats.ts';

export async function closeIssue(issueId: string, resolution: string): Promise<void> {
  await changeIssue(issueId, (issue, now) => {
    if (issue.status === 'closed') return noChange(undefined);
    return {
      // What was done and promised (the last handoff packet) is what the customer reads at closing, here and by e-mail.
      events: [{ type: 'issue_closed', actor: { kind: 'system' }, visibility: 'customer', data: { resolution, ...closingSummary(issue) } }],
      set: { status: 'closed' },
      writes: flowFiguresWrite(issue.flowId, closureDeltas(issue, now)),
      result: undefined,
    };
  });
}

/** Step Functions accepted the execution: the issue leaves the repair list. */
export async function markExecutionStarted(issueId: string, executionArn: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: keys.issue(issueId),
      UpdateExpression: 'SET executionArn = :arn REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':arn': executionArn },
    }),
  );
}

/** The flow's first state records the version its execution runs on: the issue finishes on it. */
export async function recordFlowVersion(issueId: string, flowVersion: number): Promise<void> {
  await changeIssue(issueId, (issue, now) => {
    if (issue.flowStartedAt) return noChange(undefined);
    return {
      events: [{ type: 'flow_started', actor: { kind: 'system' }, visibility: 'internal', data: { flowId: issue.flowId, flowVersion } }],
      set: { flowVersion, flowStartedAt: now },
      writes: flowFiguresWrite(issue.flowId, { [figureNames.started]: 1 }),
      result: undefined,
    };
  });
}
