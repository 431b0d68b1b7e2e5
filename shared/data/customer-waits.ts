// A step that asked the customer a question waits for their reply: the flow's token is kept in the
// wait item, server-side only, until the customer's message answers it (POST /api/track/messages) or
// the flow gives up waiting. What each of these does is decided in
// shared/domain/transitions/customer-waits.ts; here each reads what it needs and runs the change.
import { runChange } from '#shared/data/issue-changes.ts';
import { requireIssue } from '#shared/data/issue-changes.ts';
import { waitsOfIssue } from '#shared/data/customer-wait-items.ts';
import { readTask } from '#shared/data/task-items.ts';
import type { CustomerWaitStep, PendingReply } from '#shared/domain/customer-wait.ts';
import { answerCustomerWaits, endWaitWithoutReply as endWait, waitForCustomer as askOrRemind } from '#shared/domain/transitions/customer-waits.ts';

export { confirmReply, pendingReplies, settleUndeliveredReply } from '#shared/data/customer-wait-items.ts';
export type { CustomerWait, CustomerWaitStep, PendingReply, WaitKind } from '#shared/domain/customer-wait.ts';

const waitOfStep = async (issueId: string, step: string) => (await waitsOfIssue(issueId)).find((wait) => wait.step === step);

/** The flow asks (or reminds) the customer; a reply to deliver at once if one arrived as the last wait timed out. */
export async function waitForCustomer(step: CustomerWaitStep): Promise<PendingReply | undefined> {
  return runChange({
    read: async () => {
      const [issue, existing, asking] = await Promise.all([requireIssue(step.issueId), waitOfStep(step.issueId, step.step), readTask(step.askedIn)]);
      return { issue, existing, asking };
    },
    decide: ({ issue, existing, asking }, now) => askOrRemind(issue, { step, existing, asking }, now),
  });
}

/** The flow stopped waiting (no reply in time). */
export async function endWaitWithoutReply(issueId: string, step: string): Promise<void> {
  await runChange({
    read: async () => {
      const [issue, wait] = await Promise.all([requireIssue(issueId), waitOfStep(issueId, step)]);
      return { issue, wait };
    },
    decide: ({ issue, wait }, now) => endWait(issue, { step, wait }, now),
  });
}

/** A customer's message: stored on the public timeline, answering every step that waits for the customer. */
export async function receiveCustomerMessage(issueId: string, message: string): Promise<PendingReply[]> {
  return runChange({
    read: async () => {
      const [issue, waits] = await Promise.all([requireIssue(issueId), waitsOfIssue(issueId)]);
      return { issue, waits };
    },
    decide: ({ issue, waits }, now) => answerCustomerWaits(issue, { message, waits }, now),
  });
}
