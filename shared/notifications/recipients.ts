// Where a message goes and in which language: looked up when it is sent, not when it is written.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { customerEntity } from '#shared/data/entities/customer.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { Language, Recipient } from '#shared/notifications/outbox-message.ts';

export interface Addressee {
  email: string;
  language: Language;
  /** The customer's issue the message is about (their links open it). */
  issue?: IssueRecord;
}

/** Staff addresses come from their settings or their identity (shared/notifications/staff-mail.ts, loaded by the sender). */
export type StaffAddressLookup = (username: string) => Promise<{ email: string; language: Language } | undefined>;
let staffAddress: StaffAddressLookup = async () => undefined;
export const useStaffAddresses = (lookup: StaffAddressLookup) => {
  staffAddress = lookup;
};

export async function addresseeOf(to: Recipient, issueId: string | undefined): Promise<Addressee | undefined> {
  if (to.kind === 'address') return { email: to.email, language: to.language };
  if (to.kind === 'staff') return staffAddress(to.username);
  const [customer, issue] = await Promise.all([
    documentClient().send(new GetCommand({ TableName: config.tableName(), Key: customerEntity.key(to.customerId), ConsistentRead: true })),
    issueId ? readIssue(issueId) : Promise.resolve(undefined),
  ]);
  const email = customer.Item ? customerEntity.parse(customer.Item).email : undefined;
  if (!email) return undefined;
  return { email, language: issue?.language ?? 'en', ...(issue ? { issue } : {}) };
}
