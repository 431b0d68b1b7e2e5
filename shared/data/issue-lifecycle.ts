// Issue-level transitions made by the flow: its execution confirmed started, the version it runs on,
// and its closure (decided in shared/domain/transitions/issue.ts).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue } from '#shared/data/issue-changes.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { closeIssue as close, recordFlowStarted } from '#shared/domain/transitions/issue.ts';

export async function closeIssue(issueId: string, resolution: string): Promise<void> {
  await changeIssue(issueId, (issue, now) => close(issue, { resolution }, now));
}

/** Step Functions accepted the execution: the issue leaves the repair list. */
export async function markExecutionStarted(issueId: string, executionArn: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: issueEntity.key(issueId),
      UpdateExpression: `SET executionArn = :arn ${issueEntity.leaveFlowNotStartedList}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':arn': executionArn },
    }),
  );
}

/** The flow's first state records the version its execution runs on: the issue finishes on it. */
export async function recordFlowVersion(issueId: string, flowVersion: number): Promise<void> {
  await changeIssue(issueId, (issue, now) => recordFlowStarted(issue, { flowVersion }, now));
}
