// Staff notices in the table: one item per notice in its audience's list (a person's, or a queue's),
// written in the same transaction as the change that causes it (changeIssue calls
// `staffNoticeWrites`); new tasks of one queue within a window are one item with a count. E-mail
// goes through the outbox (shared/notifications/) to those who asked for that kind of notice.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { queuesOf, readProfile, subscribersOf, type StaffProfile } from '#shared/data/staff-profile.ts';
import { queryOf } from '#shared/data/entities/access.ts';
import { staffNoticeEntity } from '#shared/data/entities/staff-notice.ts';
import { staffProfileEntity } from '#shared/data/entities/staff-profile.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { staffNoticesFor, wantsEmail, windowOf, type Audience, type StaffNotice } from '#shared/domain/staff-notices.ts';
import type { Caller } from '#shared/domain/staff.ts';
import { outboxKeys, outboxPut } from '#shared/notifications/outbox.ts';
import { messageIdOf, type NotificationDraft } from '#shared/notifications/outbox-message.ts';


/** How long notices are kept: the console shows recent ones; DynamoDB's TTL removes the rest. */
const keepSeconds = 30 * 86_400;

function noticeWrite(notice: StaffNotice, now: string): TransactItem {
  const tableName = config.tableName();
  const expiresAt = Math.floor(Date.parse(now) / 1000) + keepSeconds;
  if (notice.grouped) {
    // One item per queue and window: each new task adds to its count (no condition, so a burst never conflicts).
    return {
      Update: {
        TableName: tableName,
        Key: staffNoticeEntity.key(notice.audience, { window: windowOf(now), noticeId: notice.id }),
        UpdateExpression: 'SET entity = :entity, kind = :kind, noticeId = :id, lastAt = :now, expiresAt = :expires, #data = :data ADD #count :one, issueIds :issue',
        ExpressionAttributeNames: { '#count': 'count', '#data': 'data' },
        ExpressionAttributeValues: { ':entity': 'staffNotice', ':kind': notice.kind, ':id': notice.id, ':now': now, ':expires': expiresAt, ':data': notice.data, ':one': 1, ':issue': new Set([notice.issueId]) },
      },
    };
  }
  return {
    Put: {
      TableName: tableName,
      Item: { ...staffNoticeEntity.key(notice.audience, notice.once ? { once: notice.id } : { at: now, noticeId: notice.id }), entity: 'staffNotice', kind: notice.kind, noticeId: notice.id, lastAt: now, expiresAt, count: 1, issueIds: new Set([notice.issueId]), data: notice.data },
      ...(notice.once ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

/** Who of each queue wants e-mail, as the change read them with its issue (a task's opening: task-store.ts). */
export type KnownSubscribers = ReadonlyMap<string, StaffProfile[]>;

/** Who of a notice's audience wants it by e-mail. */
async function emailRecipients(notice: StaffNotice, profiles: Map<string, StaffProfile | undefined>, known: KnownSubscribers | undefined): Promise<string[]> {
  const people =
    notice.audience.kind === 'person'
      ? [profiles.get(notice.audience.username) ?? (await readProfile(notice.audience.username))]
      : (known?.get(notice.audience.department) ?? (await subscribersOf(notice.audience.department)));
  return people.filter((profile): profile is StaffProfile => !!profile && wantsEmail(profile, notice.kind)).map((profile) => profile.username);
}

async function outboxExists(draft: NotificationDraft): Promise<boolean> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: outboxKeys.message(messageIdOf(draft)), ProjectionExpression: 'pk' }));
  return !!found.Item;
}

/** The notices an issue change causes, and their e-mails, as writes of the change's own transaction. */
export async function staffNoticeWrites(issue: IssueRecord, events: readonly IssueEvent[], now: string, known?: KnownSubscribers): Promise<TransactItem[]> {
  return noticeWritesFor(staffNoticesFor(issue, events), now, known);
}

export async function noticeWritesFor(notices: StaffNotice[], now: string, known?: KnownSubscribers): Promise<TransactItem[]> {
  if (notices.length === 0) return [];
  const profiles = new Map<string, StaffProfile | undefined>();
  const writes: TransactItem[] = [];
  // A person told one thing twice (as its holder and as one of its queue: `service` is both a user
  // and a department) gets one e-mail; two puts of one item would also fail the whole transaction.
  const mailed = new Set<string>();
  for (const notice of notices) {
    writes.push(noticeWrite(notice, now));
    for (const username of await emailRecipients(notice, profiles, known)) {
      const draft: NotificationDraft = {
        kind: `staff_${notice.kind}`,
        to: { kind: 'staff', username },
        issueId: notice.issueId,
        cause: notice.id,
        // The link lands where the person acts: managers decide escalations on their console, staff work in theirs.
        data: { ...notice.data, path: `${notice.kind === 'escalation' ? '/manager' : '/staff'}${notice.grouped ? '' : `#issue=${notice.issueId}`}` },
      };
      // A grouped notice's e-mail was written by the first task of its window: a burst is one message.
      if (mailed.has(messageIdOf(draft)) || (notice.grouped && (await outboxExists(draft)))) continue;
      mailed.add(messageIdOf(draft));
      writes.push(outboxPut(draft, now));
    }
  }
  return writes;
}

export interface NoticeView {
  kind: string;
  at: string;
  count: number;
  issueIds: string[];
  data: Record<string, unknown>;
  /** `person`: to you; a queue's name: to your queue. */
  to: string;
}

/** The person's recent notices, theirs and their queues', newest first, and how many are new since they last looked. */
export async function noticesOf(caller: Caller, limit = 30): Promise<{ notices: NoticeView[]; unseen: number; settings: Pick<StaffProfile, 'email' | 'language' | 'emailFor'> }> {
  const audiences: Audience[] = [{ kind: 'person', username: caller.username }, ...queuesOf(caller).map((queue): Audience => ({ kind: 'department', department: queue }))];
  const [profile, ...lists] = await Promise.all([
    readProfile(caller.username),
    ...audiences.map((audience) =>
      documentClient().send(
        new QueryCommand({ ...queryOf(staffNoticeEntity.access.ofAudience(audience)), ScanIndexForward: false, Limit: limit }),
      ),
    ),
  ]);
  const notices = lists
    .flatMap((list, index) =>
      (list.Items ?? []).map((item): NoticeView => ({
        kind: String(item.kind),
        at: String(item.lastAt),
        count: Number(item.count ?? 1),
        issueIds: [...((item.issueIds as Set<string> | undefined) ?? [])].sort(),
        data: (item.data as Record<string, unknown>) ?? {},
        to: audiences[index]!.kind === 'person' ? 'person' : (audiences[index] as { department: string }).department,
      })),
    )
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
  const seenUntil = profile?.seenUntil ?? '';
  return {
    notices,
    unseen: notices.filter((notice) => notice.at > seenUntil).length,
    settings: { ...(profile?.email ? { email: profile.email } : {}), language: profile?.language ?? 'en', emailFor: profile?.emailFor ?? [] },
  };
}

/** The person looked at their notices: the badge counts only newer ones. */
export async function markSeen(username: string, until: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: staffProfileEntity.key(username),
      UpdateExpression: 'SET seenUntil = :until, username = :username, entity = :entity',
      ExpressionAttributeValues: { ':until': until, ':username': username, ':entity': 'staffProfile' },
    }),
  );
}
