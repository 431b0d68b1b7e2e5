// A staff member's notification settings: which kinds of notice also reach them by e-mail, at which
// address, in which language. One profile item per person, plus one subscribers item per queue naming
// who of it wants e-mail, so a new task's opening reads them with its issue (no Query of its own).
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { queueSubscribersEntity, staffProfileEntity } from '#shared/data/entities/staff-profile.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import type { NotificationSettings } from '#shared/domain/staff-notices.ts';
import { departments, type Caller } from '#shared/domain/staff.ts';
import { batchGet } from '#shared/data/batch-get.ts';


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
 * A queue's subscribers from its item as read, adopting the earlier layout's items first if the
 * queue's item does not say they were adopted (the first read after an upgrade, or of a new queue).
 */
export async function subscribersFrom(queue: string, item: Record<string, unknown> | undefined): Promise<StaffProfile[]> {
  return item?.[queueSubscribersEntity.adoptedAttribute] ? subscribersIn(item) : adoptEarlierSubscriptions(queue);
}

/** How many people one update adopts: DynamoDB caps an update expression at 4 KB. */
const adoptedPerUpdate = 25;

/**
 * Copies the per-person subscription items an earlier Baton kept (one Query of the queue's partition)
 * into the queue's item and marks it adopted, so nobody's saved e-mail settings are lost in the
 * upgrade. A person's entry saved since wins (`if_not_exists`); running twice changes nothing. Costs
 * one Query and one UpdateItem per queue, once: the local runtime does it at start-up for every queue.
 */
export async function adoptEarlierSubscriptions(queue: string): Promise<StaffProfile[]> {
  const tableName = config.tableName();
  const key = queueSubscribersEntity.key(queue);
  const earlier: Array<Record<string, unknown>> = [];
  let from: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.pk }, ConsistentRead: true, ExclusiveStartKey: from }),
    );
    earlier.push(...(page.Items ?? []).filter((item) => item.entity === queueSubscribersEntity.earlierEntity));
    from = page.LastEvaluatedKey;
  } while (from);
  const groups = earlier.length ? Array.from({ length: Math.ceil(earlier.length / adoptedPerUpdate) }, (_, index) => earlier.slice(index * adoptedPerUpdate, (index + 1) * adoptedPerUpdate)) : [[]];
  let adopted: Record<string, unknown> | undefined;
  // The marker goes with the last group, so an interrupted adoption is done again, not taken as done.
  for (const [index, group] of groups.entries()) {
    const last = index === groups.length - 1;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':entity': queueSubscribersEntity.name };
    const sets = ['entity = :entity'];
    group.forEach((item, at) => {
      names[`#p${at}`] = queueSubscribersEntity.attribute(String(item.username));
      values[`:e${at}`] = { username: item.username, emailFor: item.emailFor ?? [], ...(item.email ? { email: item.email } : {}) };
      sets.push(`#p${at} = if_not_exists(#p${at}, :e${at})`);
    });
    if (last) {
      names['#adopted'] = queueSubscribersEntity.adoptedAttribute;
      values[':adopted'] = true;
      sets.push('#adopted = :adopted');
    }
    const updated = await documentClient().send(
      new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: `SET ${sets.join(', ')}`, ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}), ExpressionAttributeValues: values, ReturnValues: 'ALL_NEW' }),
    );
    adopted = updated.Attributes;
  }
  return subscribersIn(adopted);
}

/** Adopts the earlier items of every queue not adopted yet: one BatchGetItem when all are (the local runtime's start-up). */
export async function adoptEveryQueue(): Promise<void> {
  const queues = [...departments, 'management'];
  const items = await batchGet(queues.map((queue) => queueSubscribersEntity.key(queue)), { consistent: true });
  const adopted = new Set(items.filter((item) => item[queueSubscribersEntity.adoptedAttribute]).map((item) => item.pk));
  await Promise.all(queues.filter((queue) => !adopted.has(queueSubscribersEntity.key(queue).pk)).map(adoptEarlierSubscriptions));
}

/**
 * A queue's subscribers, read now. A task's opening does not come here: it reads the queue's item
 * with its issue in one BatchGetItem (task-store.ts), escalations included; the rarer notices to a
 * queue that other changes cause (an SLA breach) read it here.
 */
export async function subscribersOf(queue: string): Promise<StaffProfile[]> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: queueSubscribersEntity.key(queue), ConsistentRead: true }));
  return subscribersFrom(queue, found.Item);
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
