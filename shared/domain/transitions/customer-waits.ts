// Asking the customer and hearing back, as pure transitions: a step asks (or reminds) and waits, the
// customer's message answers every waiting step, or the flow stops waiting without a reply. The
// question goes to the public timeline and the customer's clock runs while any step waits for them.
import { stopCustomerClock } from '#shared/domain/clocks.ts';
import { noChange, type Change } from '#shared/domain/change.ts';
import type { CustomerWait, CustomerWaitStep, PendingReply } from '#shared/domain/customer-wait.ts';
import { customerMessage, type Actor } from '#shared/domain/events.ts';
import { handoffs } from '#shared/domain/handoff.ts';
import { statusFor, type IssueRecord } from '#shared/domain/issue.ts';
import { stepEntryDigest } from '#shared/domain/step-identity.ts';
import type { TaskRecord } from '#shared/domain/task.ts';

/** The issue's status and clock once the given steps stop waiting for the customer. */
function stopWaiting(issue: IssueRecord, steps: string[], now: string): Pick<Change<unknown>, 'set' | 'remove'> {
  const customerWaits = (issue.customerWaits ?? []).filter((step) => !steps.includes(step));
  if (customerWaits.length > 0) return { set: { customerWaits } };
  return { set: { customerWaits, status: statusFor({ ...issue, customerWaits }, issue.holders), clocks: stopCustomerClock(issue, now) }, remove: ['waitingCustomerSince'] };
}

/**
 * The flow asks (or reminds) the customer. `existing`: this step's wait item, if any; `asking`: the
 * task completed with `ask_customer`, which holds the question. Returns a reply to deliver at once
 * when the customer answered just as the previous wait timed out (the reminder is then not sent).
 */
export function waitForCustomer(
  issue: IssueRecord,
  input: { step: CustomerWaitStep; existing?: CustomerWait; asking?: TaskRecord },
  now: string,
): Change<PendingReply | undefined> {
  const { step, existing, asking } = input;
  const entryKey = stepEntryDigest(step);
  if (existing?.entryKey === entryKey) {
    return noChange(existing.status === 'answered' && existing.replyPending ? { issueId: existing.issueId, step: existing.step, entryKey, taskToken: existing.taskToken } : undefined);
  }
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
    return { events: [], waits: [{ wait: answered, pendingSince: now }], result: { issueId: step.issueId, step: step.step, entryKey, taskToken: step.taskToken } };
  }
  const asker: Actor = asking?.callbackResult ? { kind: 'staff', username: asking.callbackResult.completedBy } : { kind: 'system' };
  const customerWaits = [...new Set([...(issue.customerWaits ?? []), step.step])];
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
    set: { status: statusFor({ ...issue, customerWaits }, issue.holders), waitingCustomerSince: issue.waitingCustomerSince ?? now, customerWaits },
    waits: [{ wait }],
    result: undefined,
  };
}

/** The flow stopped waiting (no reply in time): back to the step, with a note for whoever holds it next. */
export function endWaitWithoutReply(issue: IssueRecord, input: { step: string; wait?: CustomerWait }, now: string): Change<undefined> {
  const { step, wait } = input;
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
    waits: [{ wait: { ...wait, status: 'ended', endedAt: now } }],
    result: undefined,
  };
}

/**
 * A customer's message: always stored on the public timeline; it answers every step waiting for the
 * customer (the clock stops). Returns the replies to hand to the flow; they stay on the pending-reply
 * list until Step Functions confirms, so a lost callback is repaired.
 */
export function answerCustomerWaits(issue: IssueRecord, input: { message: string; waits: CustomerWait[] }, now: string): Change<PendingReply[]> {
  const waiting = input.waits.filter((wait) => wait.status === 'waiting');
  const answered = waiting.map((wait) => wait.step);
  const stopped = waiting.length > 0 ? stopWaiting(issue, answered, now) : {};
  return {
    events: [
      customerMessage(input.message, 'customer', {
        via: 'tracking',
        ...(answered.length ? { answers: answered } : {}),
        // Who asked the questions it answers: told of the reply (shared/domain/staff-notices.ts).
        ...(waiting.some((wait) => wait.askedBy) ? { askedBy: [...new Set(waiting.flatMap((wait) => (wait.askedBy ? [wait.askedBy] : [])))] } : {}),
      }),
    ],
    ...stopped,
    ...(waiting.length ? { set: { ...stopped.set, latestHandoff: handoffs.customer(now, input.message) } } : {}),
    waits: waiting.map((wait) => ({ wait: { ...wait, status: 'answered' as const, answeredAt: now }, pendingSince: now })),
    result: waiting.map(({ step, entryKey, taskToken }) => ({ issueId: issue.issueId, step, entryKey, taskToken })),
  };
}
