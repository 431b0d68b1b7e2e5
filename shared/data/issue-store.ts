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
import { queryOf } from '#shared/data/entities/access.ts';
import { customerEmailEntity, customerEntity } from '#shared/data/entities/customer.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { newId } from '#shared/domain/ids.ts';
import { hashTrackingCode, newTrackingCode } from '#shared/domain/tracking-code.ts';
import { attachedSubmission, type SubmitIssue } from '#shared/domain/intake.ts';
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
    new GetCommand({ TableName: config.tableName(), Key: customerEmailEntity.key(email), ConsistentRead: true }),
  );
  return found.Item ? customerEmailEntity.parse(found.Item).customerId : undefined;
}

/** An open issue of this customer with this order reference, if there is one. */
async function findOpenIssueFor(customerId: string, orderRef: string): Promise<string | undefined> {
  const query = queryOf(issueEntity.access.ofOrderRef(orderRef));
  const result = await documentClient().send(
    new QueryCommand({
      ...query,
      FilterExpression: 'customerId = :customer AND #status <> :closed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':customer': customerId, ':closed': 'closed' },
    }),
  );
  const found = result.Items?.[0];
  return found ? issueEntity.parseOrderRefListing(found).issueId : undefined;
}

function customerWrites(submission: SubmitIssue, customerId: string, now: string, isNew: boolean): TransactItem[] {
  const tableName = config.tableName();
  if (!isNew) {
    return [{ ConditionCheck: { TableName: tableName, Key: customerEntity.key(customerId), ConditionExpression: 'attribute_exists(pk)' } }];
  }
  return [
    {
      Put: {
        TableName: tableName,
        Item: customerEntity.item({ customerId, ...submission.customer, createdAt: now }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: customerEmailEntity.item(submission.customer.email, customerId),
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
      events: [attachedSubmission(submission)],
      writes: idempotency ? [recordResponse(idempotency.key, idempotency.bodyHash, response, now)] : [],
      result: { response },
    };
  });
}

/**
 * Intake in one transaction for a new customer: nothing is read first. The customer's e-mail item and
 * the idempotency record are written under conditions, so a refused condition is what a read would
 * have said: the e-mail is known (read the customer, look for their open issue with this order, decide
 * again), or the key was used (its stored response, or a 422 for another body).
 */
export async function submitIssue(submission: SubmitIssue, idempotencyKey?: string, now = new Date(clock().now())): Promise<IntakeResult> {
  const tableName = config.tableName();
  const idempotency = idempotencyKey ? { key: idempotencyKey, bodyHash: hashBody(submission) } : undefined;
  let knownCustomerId: string | undefined;
  for (let attempt = 0; ; attempt++) {
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
    const issue: IssueRecord = {
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
      unreadMessage: false,
      holders: [],
      reroutes: 0,
      bounces: 0,
      clocks: {},
      path: [],
    };
    const customerItems = customerWrites(submission, customerId, createdAt, knownCustomerId === undefined);
    // Where the e-mail item and the idempotency record sit in the transaction, to read a refusal.
    const emailIndex = knownCustomerId === undefined ? 1 : -1;
    const idempotencyIndex = idempotency ? customerItems.length + 3 : -1;
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            ...customerItems,
            // Until Step Functions confirms the execution started, the issue is on the repair list (issueEntity.item).
            { Put: { TableName: tableName, Item: issueEntity.item(issue), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: eventEntity.item(firstEvent) } },
            {
              Put: {
                TableName: tableName,
                Item: trackingCodeEntity.item(hashTrackingCode(trackingCode), issueId),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(idempotency ? [recordResponse(idempotency.key, idempotency.bodyHash, response, now)] : []),
            // The confirmation's code is minted by the sender when it mails it: no code waits in the outbox in clear.
            outboxPut({ kind: 'customer_confirmation', to: { kind: 'customer', customerId }, issueId, cause: `${issueId}.1` }, createdAt),
          ],
        }),
      );
      return { response, created: { issueId, flowId: submission.category } };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || attempt >= 4) throw error;
      const refused = (index: number) => error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
      if (idempotency && refused(idempotencyIndex)) {
        // The same key was used before (or is being used right now: then decide again).
        const earlier = await previousResponse(idempotency.key, idempotency.bodyHash, now);
        if (earlier) return { response: earlier };
      }
      // The e-mail is known: a returning customer (or a first submission of theirs that won a race).
      if (refused(emailIndex)) knownCustomerId = await findCustomerIdByEmail(submission.customer.email);
    }
  }
}
