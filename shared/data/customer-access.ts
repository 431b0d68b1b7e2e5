// How a customer (no account) reaches their issue: the tracking code finds it, the e-mail on its
// customer item must match. Used by POST /api/track and POST /api/track/messages alike.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import { trackingCodeEntity } from '#shared/data/entities/tracking-code.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { hashTrackingCode } from '#shared/domain/tracking-code.ts';

const normalisedEmail = (email: string) => email.trim().toLowerCase();

/**
 * The issue this tracking code and e-mail address open, or undefined when either is wrong: the
 * caller answers both cases with the same 404, so nobody learns which one was wrong.
 */
export async function findIssueForCustomer(trackingCode: string, email: string): Promise<IssueRecord | undefined> {
  const get = (key: Record<string, string>) => documentClient().send(new GetCommand({ TableName: config.tableName(), Key: key, ConsistentRead: true }));
  const tracking = await get(trackingCodeEntity.key(hashTrackingCode(trackingCode)));
  if (!tracking.Item) return undefined;
  const code = trackingCodeEntity.parse(tracking.Item);
  // A link code from an e-mail ends (TTL removes it later, not at once).
  if (code.expiresAt !== undefined && code.expiresAt * 1000 <= now()) return undefined;
  const issue = await readIssue(code.issueId);
  if (!issue) return undefined;
  // Renewed codes ("e-mail me my tracking codes"): the older generation no longer opens the issue.
  if ((code.generation ?? 0) !== (issue.trackingGeneration ?? 0)) return undefined;
  const customer = await get(customerEntity.key(issue.customerId));
  const onFile = customer.Item ? customerEntity.parse(customer.Item).email : undefined;
  return onFile !== undefined && normalisedEmail(onFile) === normalisedEmail(email) ? issue : undefined;
}
