// A staff member's notification settings: which kinds of notice also reach them by e-mail, at which
// address, in which language. One profile item per person, plus one subscription item per queue they
// belong to, so the people of a queue who want e-mail are one Query (new tasks, escalations).
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import type { NotificationSettings } from '#shared/domain/staff-notices.ts';
import type { Caller } from '#shared/http/caller.ts';

export const staffKeys = {
  profile: (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' }),
  /** Who of a queue (a department, or `management` for managers) wants e-mail of which kinds. */
  subscription: (queue: string, username: string) => ({ pk: `STAFFSUB#${queue}`, sk: username }),
  subscribersOf: (queue: string) => `STAFFSUB#${queue}`,
};

export interface StaffProfile extends Partial<NotificationSettings> {
  username: string;
  /** The queues the person belonged to when they last saved (their groups then). */
  queues?: string[];
  /** Notices at or before this instant count as seen (the console's badge counts the newer ones). */
  seenUntil?: string;
}

/** The queues a person's groups give: their departments, `management` for managers. */
export const queuesOf = (caller: Caller): string[] => caller.groups.map((group) => (group === 'managers' ? 'management' : group));

export async function readProfile(username: string): Promise<StaffProfile | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: staffKeys.profile(username), ConsistentRead: true }));
  return found.Item as StaffProfile | undefined;
}

export async function subscribersOf(queue: string): Promise<StaffProfile[]> {
  const found = await documentClient().send(
    new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': staffKeys.subscribersOf(queue) } }),
  );
  return (found.Items ?? []) as StaffProfile[];
}

/** Saves the settings; the person's queue subscriptions follow their groups now (one transaction). */
export async function saveSettings(caller: Caller, settings: NotificationSettings): Promise<StaffProfile> {
  const tableName = config.tableName();
  const before = await readProfile(caller.username);
  const queues = queuesOf(caller);
  const profile: StaffProfile = { ...before, username: caller.username, language: settings.language, emailFor: settings.emailFor, queues };
  if (settings.email) profile.email = settings.email;
  else delete profile.email;
  const gone = (before?.queues ?? []).filter((queue) => !queues.includes(queue));
  const items: TransactItem[] = [
    { Put: { TableName: tableName, Item: { ...staffKeys.profile(caller.username), entity: 'staffProfile', ...profile } } },
    ...queues.map((queue): TransactItem => ({
      Put: { TableName: tableName, Item: { ...staffKeys.subscription(queue, caller.username), entity: 'staffSubscription', username: caller.username, emailFor: settings.emailFor, ...(settings.email ? { email: settings.email } : {}) } },
    })),
    ...gone.map((queue): TransactItem => ({ Delete: { TableName: tableName, Key: staffKeys.subscription(queue, caller.username) } })),
  ];
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  return profile;
}
