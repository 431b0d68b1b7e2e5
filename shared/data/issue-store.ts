// Issue intake in DynamoDB. A new issue: customer (found or created by e-mail), issue, tracking code
// and first event in one transaction. A submission matching an open issue of the same customer and
// order reference is attached to it instead, as an unverified customer message.
import { clock } from '#shared/clock.ts';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { changeIssue, noChange, type TransactItem } from '#shared/data/issue-changes.ts';
import { hashBody, previousResponse, recordResponse, type StoredResponse } from '#shared/data/idempotency.ts';
import { issueIndexKeys, keys, normaliseOrderRef, pendingExecutionKeys } from '#shared/data/keys.ts';
import { newId } from '#shared/domain/ids.ts';
import { hashTrackingCode, newTrackingCode } from '#shared/domain/tracking-code.ts';
import type { SubmitIssue } from '#shared/domain/intake.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { flowVersions, type FlowId } from '#shared/flows/catalog.ts';
import { outboxPut } from '#shared/notifications/outbox.ts';

export interface IntakeResult {
  response: StoredResponse;
  /** Set when this call created an issue whose flow must now start. */
  created?: { issueId: string; flowId: FlowId };
}

async function findCustomerIdByEmail(email: string): Promise<string | undefined> {
  const found = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: keys.customerByEmail(email), ConsistentRead: true }),
  );
  return found.Item?.customerId as string | undefined;
}

/** An open issue of this customer with this order reference (gsi4), if there is one. */
async function findOpenIssueFor(customerId: string, orderRef: string): Promise<string | undefined> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      FilterExpression: 'customerId = :customer AND #status <> :closed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': `ORDER#${normaliseOrderRef(orderRef)}`, ':customer': customerId, ':closed': 'closed' },
    }),
  );
  return result.Items?.[0]?.issueId as string | undefined;
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

/** Attaches the submission to the customer's open issue; staff see it marked as unverified. */
async function attachToOpenIssue(
  issueId: string,
  submission: SubmitIssue,
  idempotency: { key: string; bodyHash: string } | undefined,
  now: Date,
): Promise<IntakeResult> {
  const response: StoredResponse = { statusCode: 202, body: { attached: true } };
  return changeIssue(issueId, async () => {
    const earlier = idempotency ? await previousResponse(idempotency.key, idempotency.bodyHash, now) : undefined;
    if (earlier) return noChange({ response: earlier });
    return {
      events: [
        {
          type: 'customer_message',
          actor: { kind: 'customer' },
          // Unverified: anyone who knows the e-mail and order reference can send this, so it is for staff only.
          visibility: 'internal',
          text: submission.description,
          data: { unverified: true, via: 'intake_form', subject: submission.subject, category: submission.category },
        },
      ],
      writes: idempotency ? [recordResponse(idempotency.key, idempotency.bodyHash, response, now)] : [],
      result: { response },
    };
  });
}

export async function submitIssue(submission: SubmitIssue, idempotencyKey?: string, now = new Date(clock().now())): Promise<IntakeResult> {
  const tableName = config.tableName();
  const idempotency = idempotencyKey ? { key: idempotencyKey, bodyHash: hashBody(submission) } : undefined;
  for (let attempt = 0; ; attempt++) {
    if (idempotency) {
      const earlier = await previousResponse(idempotency.key, idempotency.bodyHash, now);
      if (earlier) return { response: earlier };
    }
    const knownCustomerId = await findCustomerIdByEmail(submission.customer.email);
    const openIssueId = knownCustomerId && submission.orderRef ? await findOpenIssueFor(knownCustomerId, submission.orderRef) : undefined;
    if (openIssueId) return attachToOpenIssue(openIssueId, submission, idempotency, now);

    const customerId = knownCustomerId ?? newId('cus');
    const issueId = newId('iss');
    const trackingCode = newTrackingCode();
    const createdAt = now.toISOString();
    const response: StoredResponse = { statusCode: 201, body: { issueId, trackingCode } };
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
      language: submission.language,
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
            ...(idempotency ? [recordResponse(idempotency.key, idempotency.bodyHash, response, now)] : []),
            // The confirmation is the one message that carries the code itself (removed once sent).
            outboxPut({ kind: 'customer_confirmation', to: { kind: 'customer', customerId }, issueId, cause: `${issueId}.1`, data: { trackingCode } }, createdAt),
          ],
        }),
      );
      return { response, created: { issueId, flowId: submission.category } };
    } catch (error) {
      // Lost a race: on the e-mail item (two first submissions of one customer) or on the
      // idempotency record (the same request twice at once). Decide again from what won.
      if (error instanceof TransactionCanceledException && attempt < 4) continue;
      throw error;
    }
  }
}
