// Every change to an issue goes through here: the events it appends and the state it changes are
// written in one transaction, guarded by the issue's event count (optimistic concurrency). A
// concurrent change makes the transaction fail as a whole; the change is then re-read and re-decided.
import { nowIso } from '#shared/clock.ts';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { issueStatusKeys, keys } from '#shared/data/keys.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { notFound } from '#shared/http/errors.ts';
import { notificationState, notificationWrites } from '#shared/notifications/outbox.ts';
import { staffNoticeWrites } from '#shared/data/staff-notices.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type NewEvent = Omit<IssueEvent, 'issueId' | 'seq' | 'at' | 'data'> & { data?: Record<string, unknown> };

export interface IssueChange<Result> {
  events: NewEvent[];
  /** Top-level issue attributes to set (replaced whole). */
  set?: Partial<IssueRecord> & Record<string, unknown>;
  /** Top-level issue attributes to remove (an optional attribute that no longer applies). */
  remove?: Array<keyof IssueRecord & string>;
  /** Further writes in the same transaction (tasks, counters…), each with its own conditions. */
  writes?: TransactItem[];
  result: Result;
}

/** Returned by a change builder that finds nothing to do (an idempotent repeat). */
export const noChange = <Result>(result: Result): IssueChange<Result> => ({ events: [], result });

export class IssueNotFoundError extends Error {
  override name = 'IssueNotFound';
}

const maxAttempts = 12;

export async function readIssue(issueId: string): Promise<IssueRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: keys.issue(issueId), ConsistentRead: true }));
  return found.Item as IssueRecord | undefined;
}

export async function requireIssue(issueId: string): Promise<IssueRecord> {
  const issue = await readIssue(issueId);
  if (!issue) throw notFound(`No issue ${issueId}.`);
  return issue;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof TransactionConflictException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict');
  }
  return false;
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));

export async function changeIssue<Result>(
  issueId: string,
  build: (issue: IssueRecord, now: string) => Promise<IssueChange<Result>> | IssueChange<Result>,
): Promise<Result> {
  const tableName = config.tableName();
  for (let attempt = 1; ; attempt++) {
    const issue = await readIssue(issueId);
    if (!issue) throw new IssueNotFoundError(`No issue ${issueId}.`);
    const now = nowIso();
    const change = await build(issue, now);
    if (change.events.length === 0 && !change.set && !change.remove?.length && !change.writes?.length) return change.result;
    const firstSeq = issue.eventCount + 1;
    const stored = change.events.map((event, index): IssueEvent => ({ ...event, data: event.data ?? {}, issueId, seq: firstSeq + index, at: now }));
    const set: Record<string, unknown> = {
      ...change.set,
      ...notificationState(issue, stored),
      // The status list (gsi3) follows the status.
      ...(change.set?.status ? { gsi3pk: issueStatusKeys({ ...issue, status: change.set.status }).gsi3pk } : {}),
      eventCount: issue.eventCount + change.events.length,
      updatedAt: now,
    };
    const names = Object.keys(set);
    const removed = (change.remove ?? []).filter((name) => !(name in set));
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName,
          Key: keys.issue(issueId),
          UpdateExpression:
            `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}` +
            (removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : ''),
          ConditionExpression: 'eventCount = :expected',
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
            ...Object.fromEntries(removed.map((name, i) => [`#r${i}`, name])),
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, set[name]])),
            ':expected': issue.eventCount,
          },
        },
      },
      ...stored.map((event): TransactItem => ({
        Put: { TableName: tableName, Item: { ...keys.event(issueId, event.seq), entity: 'event', ...event }, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
      ...(change.writes ?? []),
      // Whoever must hear of these events is told through the outbox, in this same transaction.
      ...notificationWrites(issue, stored, now),
      // Staff are told in the console (and by e-mail where they asked for it), in this same transaction too.
      ...(await staffNoticeWrites(issue, stored, now)),
    ];
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return change.result;
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      await pause(attempt);
    }
  }
}
