// A staff member's notification settings: which kinds of notice also reach them by e-mail, at which
// address, in which language. One profile item per person, plus one subscribers item per queue naming
// who of it wants e-mail, so a new task's opening reads them with its issue (no Query of its own).
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queueSubscribersEntity, staffProfileEntity } from '#shared/data/entities/staff-profile.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import type { NotificationSettings } from '#shared/domain/staff-notices.ts';
import type { Caller } from '#shared/domain/staff.ts';


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
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: staffProfileEntity.key(username), ConsistentRead: true }));
  return found.Item as StaffProfile | undefined;
}

/** Who of a queue wants e-mail (and of which kinds), from its subscribers item (`queueSubscribersEntity`). */
export const subscribersIn = (item: Record<string, unknown> | undefined): StaffProfile[] => queueSubscribersEntity.entries(item) as unknown as StaffProfile[];

/**
 * A queue's subscribers, read now. A task's opening does not come here: it reads the queue's item
 * with its issue in one BatchGetItem (task-store.ts), escalations included; the rarer notices to a
 * queue that other changes cause (an SLA breach) read it here.
 */
export async function subscribersOf(queue: string): Promise<StaffProfile[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: queueSubscribersEntity.key(queue), ConsistentRead: true }));
  return subscribersIn(found.Item);
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
    { Put: { TableName: tableName, Item: { ...staffProfileEntity.key(caller.username), entity: 'staffProfile', ...profile } } },
    // One attribute per person in each queue's item: set for the queues of their groups, removed from the queues they left.
    ...queues.map((queue): TransactItem => ({
      Update: {
        TableName: tableName,
        Key: queueSubscribersEntity.key(queue),
        UpdateExpression: 'SET entity = :entity, #person = :entry',
        ExpressionAttributeNames: { '#person': queueSubscribersEntity.attribute(caller.username) },
        ExpressionAttributeValues: {
          ':entity': queueSubscribersEntity.name,
          ':entry': { username: caller.username, emailFor: settings.emailFor, ...(settings.email ? { email: settings.email } : {}) },
        },
      },
    })),
    ...gone.map((queue): TransactItem => ({
      Update: {
        TableName: tableName,
        Key: queueSubscribersEntity.key(queue),
        UpdateExpression: 'REMOVE #person',
        ExpressionAttributeNames: { '#person': queueSubscribersEntity.attribute(caller.username) },
      },
    })),
  ];
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  return profile;
}
