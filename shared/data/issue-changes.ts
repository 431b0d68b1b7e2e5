// Executes a change a transition decided (shared/domain/change.ts): the events it appends, the issue
// attributes, task and customer-wait items it writes and the figures it moves, in one transaction,
// guarded by the issue's event count (optimistic concurrency). This is the one place a change's events
// are written. A concurrent change makes the transaction fail as a whole; the state is then read again
// and the change decided again.
import { nowIso } from '#shared/clock.ts';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { config } from '#shared/config.ts';
import { waitWrite } from '#shared/data/customer-wait-items.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { eventEntity } from '#shared/data/entities/event.ts';
import { indexes, indexKeyNames } from '#shared/data/entities/indexes.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { figureWrites } from '#shared/data/period-figures.ts';
import { flowFiguresWrite } from '#shared/data/step-stats.ts';
import { taskWrites } from '#shared/data/task-items.ts';
import { isNoChange, type Change } from '#shared/domain/change.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { notificationState, notificationWrites } from '#shared/notifications/outbox.ts';
import { unreadAfter } from '#shared/domain/unread.ts';
import { staffNoticeWrites, type KnownSubscribers } from '#shared/data/staff-notices.ts';

export { noChange, type NewEvent } from '#shared/domain/change.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A domain change, plus writes only the data layer knows (an idempotency record), each with its own
 * condition, and who of a queue wants e-mail when the change read that with its issue (no read again).
 */
export type IssueChange<Result> = Change<Result> & { writes?: TransactItem[]; subscribers?: KnownSubscribers };

const maxAttempts = 12;

export async function readIssue(issueId: string): Promise<IssueRecord | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: config.tableName(), Key: issueEntity.key(issueId), ConsistentRead: true }));
  return found.Item ? issueEntity.parse(found.Item) : undefined;
}

export async function requireIssue(issueId: string): Promise<IssueRecord> {
  const issue = await readIssue(issueId);
  if (!issue) throw new NotFoundError(`No issue ${issueId}.`);
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

/** The issue's unread flag after these events, when they change it. */
function unreadState(issue: IssueRecord, events: IssueEvent[]): { unreadMessage?: boolean } {
  const unread = unreadAfter(issue.unreadMessage, events);
  return unread === undefined || unread === issue.unreadMessage ? {} : { unreadMessage: unread };
}

/** The transaction that makes `change` happen to `issue` as it was read; `taskIndex` finds a task's write in it. */
async function transactionOf(issue: IssueRecord, change: IssueChange<unknown>, now: string): Promise<{ items: TransactItem[]; taskIndex: Map<string, number> }> {
  const tableName = config.tableName();
  const { issueId } = issue;
  const stored = change.events.map((event, index) => ({ ...event, issueId, seq: issue.eventCount + 1 + index, at: now }) as IssueEvent);
  const set: Record<string, unknown> = {
    ...issueEntity.storedAttributes(issueId, change.set ?? {}),
    // What the notification rules remember (which departments the customer was told hold the issue).
    ...notificationState(issue, stored),
    // Whether the customer wrote since staff last acted: the queue's and the search's flag.
    ...unreadState(issue, stored),
    // The status list follows the status.
    ...(change.set?.status ? issueEntity.statusPartitionAttribute(change.set.status) : {}),
    ...(change.executionConfirmed ? { executionArn: change.executionConfirmed } : {}),
    eventCount: issue.eventCount + change.events.length,
    updatedAt: now,
  };
  const names = Object.keys(set);
  // A confirmed execution takes the issue off the repair list (issueEntity: flowNotStarted).
  const removed = [...(change.remove ?? []), ...(change.executionConfirmed ? indexKeyNames(indexes.holdersAndRepairLists) : [])].filter((name) => !(name in set));
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: issueEntity.key(issueId),
        UpdateExpression:
          `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}` + (removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : ''),
        ConditionExpression: 'eventCount = :expected',
        // A refusal returns the issue as it is now: the change is decided again without reading it again.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
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
    ...stored.map((event): TransactItem => ({ Put: { TableName: tableName, Item: eventEntity.item(event), ConditionExpression: 'attribute_not_exists(pk)' } })),
  ];
  const taskIndex = new Map<string, number>();
  for (const write of change.tasks ?? []) {
    taskIndex.set(write.next.taskId, items.length);
    items.push(...taskWrites(write));
  }
  items.push(...(change.waits ?? []).map(waitWrite));
  if (change.rerouteCounted) {
    items.push({
      Update: {
        TableName: tableName,
        Key: taskEntity.key(change.rerouteCounted.taskId),
        UpdateExpression: 'SET rerouteNumber = :number',
        ConditionExpression: 'attribute_not_exists(rerouteNumber)',
        ExpressionAttributeValues: { ':number': change.rerouteCounted.rerouteNumber },
      },
    });
  }
  // The figures move in the same transaction as the change: one shard write, however many figures.
  items.push(...flowFiguresWrite(issue.flowId, change.figures ?? {}), ...(change.writes ?? []));
  // The figures per period and flow version move with the events that move them, in this same transaction.
  items.push(...figureWrites(issue, change.events, now));
  // Whoever must hear of these events is told through the outbox, in this same transaction (shared/notifications/).
  items.push(...notificationWrites(issue, stored, now));
  // Staff are told in the console (and by e-mail where they asked for it), in this same transaction too (staff-notices.ts).
  items.push(...(await staffNoticeWrites(issue, stored, now, change.subscribers)));
  return { items, taskIndex };
}

/** What a refused transaction says about the items of a change (which task's condition failed). */
export interface Refusal {
  taskRefused: (taskId: string) => boolean;
}

export interface ChangeSteps<State extends { issue: IssueRecord }, Result> {
  /** Reads what the decision needs (the issue, and the task or waits it changes). */
  read: () => Promise<State>;
  /** The transition: pure, from the state read and the time (shared/domain/transitions/). */
  decide: (state: State, now: string) => IssueChange<Result> | Promise<IssueChange<Result>>;
  /** A refused write the decision could not know about (a task already opened): the result to give instead, if any. */
  refused?: (refusal: Refusal) => Promise<Result | undefined>;
  /** State already read by the caller, used for the first attempt (no second read). */
  known?: State;
  /**
   * The state from the issue a refused transaction returned (another change moved it first), so the
   * next attempt does not read the issue again. Without it, `read` runs again.
   */
  readWith?: (issue: IssueRecord) => Promise<State>;
}

/** The issue as a transaction refused on its guard found it (the issue's update is the transaction's first item). */
function issueRefusedBy(error: unknown): IssueRecord | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const [issueReason] = error.CancellationReasons ?? [];
  return issueReason?.Code === 'ConditionalCheckFailed' && issueReason.Item ? issueEntity.parse(unmarshall(issueReason.Item)) : undefined;
}

/** Reads, decides and writes a change in one transaction; reads and decides again if the state moved meanwhile. */
export async function runChange<State extends { issue: IssueRecord }, Result>(steps: ChangeSteps<State, Result>): Promise<Result> {
  let known = steps.known;
  for (let attempt = 1; ; attempt++) {
    const state = known ?? (await steps.read());
    known = undefined;
    const now = nowIso();
    const change = await steps.decide(state, now);
    if (isNoChange(change) && !change.writes?.length) return change.result;
    const { items, taskIndex } = await transactionOf(state.issue, change, now);
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return change.result;
    } catch (error) {
      if (steps.refused && error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const issueMoved = reasons[0]?.Code === 'ConditionalCheckFailed';
        const taskRefused = (taskId: string) => {
          const index = taskIndex.get(taskId);
          return index !== undefined && reasons[index]?.Code === 'ConditionalCheckFailed';
        };
        const instead = issueMoved ? undefined : await steps.refused({ taskRefused });
        if (instead !== undefined) return instead;
      }
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      const moved = steps.readWith ? issueRefusedBy(error) : undefined;
      if (moved && steps.readWith) known = await steps.readWith(moved);
      await pause(attempt);
    }
  }
}

/** A change decided from the issue alone. */
export async function changeIssue<Result>(
  issueId: string,
  decide: (issue: IssueRecord, now: string) => IssueChange<Result> | Promise<IssueChange<Result>>,
): Promise<Result> {
  return runChange({
    read: async () => ({ issue: await requireIssue(issueId) }),
    readWith: async (issue) => ({ issue }),
    decide: ({ issue }, now) => decide(issue, now),
  });
}
