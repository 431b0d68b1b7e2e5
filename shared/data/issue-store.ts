// Issue intake in DynamoDB: customer (found or created by email), issue, tracking code and the
// first event, written in one transaction.
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { issueIndexKeys, keys, pendingExecutionKeys } from '#shared/data/keys.ts';
import { newId } from '#shared/domain/ids.ts';
import { hashTrackingCode, newTrackingCode } from '#shared/domain/tracking-code.ts';
import type { SubmitIssue } from '#shared/domain/intake.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { flowVersions } from '#shared/flows/catalog.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface SubmittedIssue {
  issueId: string;
  trackingCode: string;
  customerId: string;
}

async function findCustomerIdByEmail(email: string): Promise<string | undefined> {
  const found = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: keys.customerByEmail(email), ConsistentRead: true }),
  );
  return found.Item?.customerId as string | undefined;
}

function customerWrites(submission: SubmitIssue, customerId: string, now: string, isNew: boolean): TransactItem[] {
  const tableName = config.tableName();
  if (!isNew) {
    return [{ ConditionCheck: { TableName: tableName, Key: keys.customer(customerId), ConditionExpression: 'attribute_exists(pk)' } }];
  }
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.customer(customerId), entity: 'customer', customerId, ...submission.customer, createdAt: now },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.customerByEmail(submission.customer.email), entity: 'customerEmail', customerId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

export async function createIssue(submission: SubmitIssue, now = new Date()): Promise<SubmittedIssue> {
  const tableName = config.tableName();
  // Two first submissions from one new email race on the email item: the loser retries as a known customer.
  for (let attempt = 0; attempt < 3; attempt++) {
    const knownCustomerId = await findCustomerIdByEmail(submission.customer.email);
    const customerId = knownCustomerId ?? newId('cus');
    const issueId = newId('iss');
    const trackingCode = newTrackingCode();
    const createdAt = now.toISOString();
    const firstEvent: IssueEvent = {
      issueId,
      seq: 1,
      type: 'issue_submitted',
      at: createdAt,
      actor: { kind: 'customer' },
      visibility: 'customer',
      text: submission.description,
      data: { subject: submission.subject, category: submission.category, ...(submission.orderRef ? { orderRef: submission.orderRef } : {}) },
    };
    const issue = {
      ...keys.issue(issueId),
      ...issueIndexKeys({ customerId, createdAt, issueId, status: 'open', orderRef: submission.orderRef }),
      entity: 'issue',
      issueId,
      customerId,
      flowId: submission.category,
      flowVersion: flowVersions[submission.category],
      category: submission.category,
      subject: submission.subject,
      description: submission.description,
      ...(submission.orderRef ? { orderRef: submission.orderRef } : {}),
      status: 'open',
      createdAt,
      updatedAt: createdAt,
      eventCount: 1,
      holders: [],
      reroutes: 0,
      bounces: 0,
      clocks: {},
      path: [],
      // Until Step Functions confirms the execution started, the issue is listed for repair.
      ...pendingExecutionKeys(issueId, createdAt),
    };
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            ...customerWrites(submission, customerId, createdAt, knownCustomerId === undefined),
            { Put: { TableName: tableName, Item: issue, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: { ...keys.event(issueId, 1), entity: 'event', ...firstEvent } } },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.tracking(hashTrackingCode(trackingCode)), entity: 'tracking', issueId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { issueId, trackingCode, customerId };
    } catch (error) {
      if (error instanceof TransactionCanceledException && attempt < 2) continue;
      throw error;
    }
  }
  throw new Error('unreachable');
}
