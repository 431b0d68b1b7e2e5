// A staff member's notification settings: which kinds of notice also reach them by e-mail, at which
// address, in which language. One profile item per person, plus one subscription item per queue they
// belong to, so the people of a queue who want e-mail are one Query (new tasks, escalations).
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '#shared/clock.ts';
import { config, currentSettings, type BatonSettings } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { staffProfileEntity, staffSubscriptionEntity } from '#shared/data/entities/staff-profile.ts';
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

/**
 * A queue's subscribers, as this process (Lambda instance) last read them, for this long. Every task
 * that opens in a queue asks who of it wants e-mail; read each time, that was one Query on the round
 * trip of every intake and completion. The price: on AWS, a change of settings reaches the other
 * instances' new-task e-mails within this time (the instance that saved it forgets at once).
 */
export const subscribersKeptMs = 60_000;
const subscribersRead = new WeakMap<BatonSettings, Map<string, { at: number; profiles: StaffProfile[] }>>();

const subscribersCache = () => {
  const settings = currentSettings();
  let cache = subscribersRead.get(settings);
  if (!cache) subscribersRead.set(settings, (cache = new Map()));
  return cache;
};

export async function subscribersOf(queue: string): Promise<StaffProfile[]> {
  const cache = subscribersCache();
  const known = cache.get(queue);
  if (known && now() - known.at < subscribersKeptMs) return known.profiles;
  const found = await documentClient().send(
    new QueryCommand(queryOf(staffSubscriptionEntity.access.ofQueue(queue))),
  );
  const profiles = (found.Items ?? []) as StaffProfile[];
  cache.set(queue, { at: now(), profiles });
  return profiles;
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
    ...queues.map((queue): TransactItem => ({
      Put: { TableName: tableName, Item: { ...staffSubscriptionEntity.key(queue, caller.username), entity: 'staffSubscription', username: caller.username, emailFor: settings.emailFor, ...(settings.email ? { email: settings.email } : {}) } },
    })),
    ...gone.map((queue): TransactItem => ({ Delete: { TableName: tableName, Key: staffSubscriptionEntity.key(queue, caller.username) } })),
  ];
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  const cache = subscribersCache();
  for (const queue of [...queues, ...gone]) cache.delete(queue);
  return profile;
}
