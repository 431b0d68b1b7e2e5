// What a screen polls after an action until the flow has moved on: the issue item alone (one
// GetItem of a few KB), never its history. Consistent, so a change just answered is seen.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import type { IssueProgress } from '#shared/api/schemas.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { NotFoundError } from '#shared/domain/errors.ts';

export async function readIssueProgress(issueId: string): Promise<IssueProgress> {
  const found = await documentClient().send(
    new GetCommand({
      TableName: config.tableName(),
      Key: issueEntity.key(issueId),
      ConsistentRead: true,
      ProjectionExpression: 'issueId, #status, eventCount, holders, reroutes, bounces',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  const issue = found.Item as Pick<IssueRecord, 'issueId' | 'status' | 'eventCount' | 'holders' | 'reroutes' | 'bounces'> | undefined;
  if (!issue) throw new NotFoundError(`No issue ${issueId}.`);
  return { issueId: issue.issueId, status: issue.status, eventCount: issue.eventCount, holders: issueEntity.parseHolders(issueId, issue.holders), reroutes: issue.reroutes ?? 0, bounces: issue.bounces ?? 0 };
}
