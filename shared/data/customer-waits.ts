// A step that asked the customer a question waits for their reply: the question goes to the public
// timeline, the issue waits for the customer (their clock runs), and the flow's token is kept here,
// server-side only, until the customer's message answers it (POST /api/track/messages) or the flow
// gives up waiting. One wait item per issue and step (keys.ts customerWaitKeys).
import { nowIso } from '#shared/clock.ts';
import { createHash } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { repairList } from '#shared/data/query-all.ts';
import { changeIssue, noChange, type IssueChange, type TransactItem } from '#shared/data/issue-changes.ts';
import { customerWaitKeys } from '#shared/data/keys.ts';
import { readTask } from '#shared/data/task-items.ts';
import { stopCustomerClock } from '#shared/domain/clocks.ts';
import type { Actor } from '#shared/domain/events.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import { statusFor, type IssueRecord } from '#shared/domain/issue.ts';

export type WaitKind = 'question' | 'reminder';

/** What the flow's "Ask the customer …" / "Remind the customer …" state hands its step Lambda. */
export interface CustomerWaitStep {
  taskToken: string;
  executionArn: string;
  issueId: string;
  stateName: string;
  enteredAt: string;
  attempt: number;
  /** The step that asked (its id in the flow). */
  step: string;
  /** The task completed with `ask_customer`: it holds the question. */
  askedIn: string;
  kind: WaitKind;
}

export interface CustomerWait {
  issueId: string;
  step: string;
  /** Execution + state + entry + attempt: a re-run step Lambda finds its own wait and does nothing twice. */
  entryKey: string;
  taskToken: string;
  executionArn: string;
  stateName: string;
  status: 'waiting' | 'answered' | 'ended';
  question: string;
  department?: string;
  askedIn: string;
  /** Who asked (their completion of `askedIn`): told when the customer answers. */
  askedBy?: string;
  askedAt: string;
  answeredAt?: string;
  endedAt?: string;
  /** The task the step opened after the answer, given back to the asker (shared/domain/return-to-asker.ts). */
  returnedIn?: string;
  gsi2pk?: string;
}

/** A reply to hand to the flow: the token never leaves the backend. */
export interface PendingReply {
  issueId: string;
  step: string;
  entryKey: string;
  taskToken: string;
}

const entryKeyOf = (step: Pick<CustomerWaitStep, 'executionArn' | 'stateName' | 'enteredAt' | 'attempt'>) =>
  createHash('sha256').update(`${step.executionArn}|${step.stateName}|${step.enteredAt}|${step.attempt}`).digest('base64url').slice(0, 26);

/** The stored item; its pending-reply index keys are derived each time, never carried over. */
const waitItem = (wait: CustomerWait, pendingSince?: string): Record<string, unknown> => {
  const record = Object.fromEntries(Object.entries(wait).filter(([name]) => name !== 'gsi2pk' && name !== 'gsi2sk'));
  return {
    ...customerWaitKeys.wait(wait.issueId, wait.step),
    entity: 'customerWait',
    ...record,
    ...(pendingSince ? { gsi2pk: customerWaitKeys.pendingReplies, gsi2sk: `${pendingSince}#${wait.issueId}#${wait.step}` } : {}),
  };
};

const putWait = (wait: CustomerWait, pendingSince?: string): TransactItem => ({
  Put: { TableName: config.tableName(), Item: waitItem(wait, pendingSince) },
});

export async function waitsOfIssue(issueId: string): Promise<CustomerWait[]> {
  const result = await documentClient().send(
    new QueryCommand({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerWaitKeys.ofIssue(issueId) },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as CustomerWait[];
}

const readWait = async (issueId: string, step: string) => (await waitsOfIssue(issueId)).find((wait) => wait.step === step);

/** The issue's status and clock once the given steps stop waiting for the customer. */
function stopWaiting(issue: IssueRecord, steps: string[], now: string): Pick<IssueChange<unknown>, 'set' | 'remove'> {
  const customerWaits = (issue.customerWaits ?? []).filter((step) => !steps.includes(step));
  if (customerWaits.length > 0) return { set: { customerWaits } };
  const status = statusFor({ ...issue, customerWaits }, issue.holders);
  return { set: { customerWaits, status, clocks: stopCustomerClock(issue, now) }, remove: ['waitingCustomerSince'] };
}

/**
 * The flow asks (or reminds) the customer: the question goes on the public timeline, the issue
 * waits for the customer. Returns a reply to deliver at once when the customer answered just as
 * the previous wait timed out (the reminder is then answered by that reply, not sent).
 */
export async function waitForCustomer(step: CustomerWaitStep): Promise<PendingReply | undefined> {
  const entryKey = entryKeyOf(step);
  return changeIssue(step.issueId, async (issue, now): Promise<IssueChange<PendingReply | undefined>> => {
    const existing = await readWait(step.issueId, step.step);
    if (existing?.entryKey === entryKey) return noChange(existing.status === 'answered' && existing.gsi2pk ? { ...existing } : undefined);
    const asking = await readTask(step.askedIn);
    const question = String(asking?.completedFields?.question ?? existing?.question ?? '');
    const wait: CustomerWait = {
      issueId: step.issueId,
      step: step.step,
      entryKey,
      taskToken: step.taskToken,
      executionArn: step.executionArn,
      stateName: step.stateName,
      status: 'waiting',
      question,
      ...(asking ? { department: asking.department } : {}),
      askedIn: step.askedIn,
      ...(asking?.callbackResult ? { askedBy: asking.callbackResult.completedBy } : {}),
      askedAt: step.kind === 'reminder' && existing ? existing.askedAt : now,
    };
    if (step.kind === 'reminder' && existing?.status === 'answered') {
      // The reply arrived as the first wait timed out: it answers this wait instead of a reminder.
      const answered: CustomerWait = { ...wait, status: 'answered', answeredAt: existing.answeredAt ?? now };
      return { events: [], writes: [putWait(answered, now)], result: { issueId: step.issueId, step: step.step, entryKey, taskToken: step.taskToken } };
    }
    const asker: Actor = asking?.callbackResult ? { kind: 'staff', username: asking.callbackResult.completedBy } : { kind: 'system' };
    return {
      events: [
        {
          type: step.kind === 'question' ? 'customer_asked' : 'customer_reminded',
          actor: step.kind === 'question' ? asker : { kind: 'system' },
          ...(wait.department ? { department: wait.department } : {}),
          visibility: 'customer',
          text: question,
          data: { step: step.step, taskId: step.askedIn },
        },
      ],
      set: {
        status: issue.status === 'closed' ? 'closed' : 'waiting_customer',
        waitingCustomerSince: issue.waitingCustomerSince ?? now,
        customerWaits: [...new Set([...(issue.customerWaits ?? []), step.step])],
      },
      writes: [putWait(wait)],
      result: undefined,
    };
  });
}

/** The flow stopped waiting (no reply in time): back to the step, with a note for whoever holds it next. */
export async function endWaitWithoutReply(issueId: string, step: string): Promise<void> {
  await changeIssue(issueId, async (issue, now) => {
    const wait = await readWait(issueId, step);
    if (!wait || wait.status !== 'waiting') return noChange(undefined);
    const summary = `No reply from the customer to: ${wait.question}`;
    const stopped = stopWaiting(issue, [step], now);
    return {
      events: [
        {
          type: 'customer_no_reply',
          actor: { kind: 'system' },
          ...(wait.department ? { department: wait.department } : {}),
          visibility: 'internal',
          text: summary,
          data: { step, askedAt: wait.askedAt },
        },
      ],
      ...stopped,
      set: { ...stopped.set, latestHandoff: handoffs.noReply(now, summary, step) },
      writes: [putWait({ ...wait, status: 'ended', endedAt: now })],
      result: undefined,
    };
  });
}

/**
 * A customer's message: always stored on the public timeline; it answers every step waiting for the
 * customer (the clock stops). Returns the replies to hand to the flow; they stay on the
 * pending-reply list (gsi2) until Step Functions confirms, so a lost callback is repaired.
 */
export async function receiveCustomerMessage(issueId: string, message: string): Promise<PendingReply[]> {
  return changeIssue(issueId, async (issue, now): Promise<IssueChange<PendingReply[]>> => {
    const waiting = (await waitsOfIssue(issueId)).filter((wait) => wait.status === 'waiting');
    const answered = waiting.map((wait) => wait.step);
    const stopped = waiting.length > 0 ? stopWaiting(issue, answered, now) : {};
    return {
      events: [
        {
          type: 'customer_message',
          actor: { kind: 'customer' },
          visibility: 'customer',
          text: message,
          data: {
            via: 'tracking',
            ...(answered.length ? { answers: answered } : {}),
            ...(waiting.some((wait) => wait.askedBy) ? { askedBy: [...new Set(waiting.flatMap((wait) => (wait.askedBy ? [wait.askedBy] : [])))] } : {}),
          },
        },
      ],
      ...stopped,
      ...(waiting.length ? { set: { ...stopped.set, latestHandoff: handoffs.customer(now, message) } } : {}),
      writes: waiting.map((wait) => putWait({ ...wait, status: 'answered', answeredAt: now }, now)),
      result: waiting.map(({ step, entryKey, taskToken }) => ({ issueId, step, entryKey, taskToken })),
    };
  });
}

const updateIfPending = async (reply: PendingReply, extra: { status?: CustomerWait['status']; at?: string } = {}) => {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: customerWaitKeys.wait(reply.issueId, reply.step),
        UpdateExpression: `REMOVE gsi2pk, gsi2sk${extra.status ? ' SET #status = :status, endedAt = :at' : ''}`,
        ConditionExpression: 'gsi2pk = :pending AND entryKey = :entry',
        ...(extra.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: {
          ':pending': customerWaitKeys.pendingReplies,
          ':entry': reply.entryKey,
          ...(extra.status ? { ':status': extra.status, ':at': extra.at } : {}),
        },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
};

/** Step Functions took the reply: it leaves the pending list. */
export const confirmReply = (reply: PendingReply) => updateIfPending(reply);

/** The flow no longer waited for this reply (it had moved on): the message stays on the timeline. */
export const settleUndeliveredReply = (reply: PendingReply) => updateIfPending(reply, { status: 'ended', at: nowIso() });

/** Replies stored before `olderThan` whose callback Step Functions has not confirmed (repair). */
export async function pendingReplies(olderThan: string): Promise<PendingReply[]> {
  return (await repairList(customerWaitKeys.pendingReplies, olderThan)).map((item) => {
    const { issueId, step, entryKey, taskToken } = item as unknown as CustomerWait;
    return { issueId, step, entryKey, taskToken };
  });
}
