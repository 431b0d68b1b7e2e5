// Who is told what when an issue changes: a pure function of the issue before the change and the
// events the change appends. changeIssue (shared/data/issue-changes.ts) turns its drafts into outbox
// items written in the same transaction. Add a rule here for a new notification; never in a caller.
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { NotificationDraft } from '#shared/notifications/outbox-message.ts';

export type NotificationRule = (issue: IssueRecord, events: readonly IssueEvent[]) => NotificationDraft[];

/** The closing message's "what was done and what was promised": the packet of the last person who handed the issue on. */
export function closingSummary(issue: Pick<IssueRecord, 'latestHandoff'>): { done?: string; promised?: string } {
  const packet = issue.latestHandoff?.from === 'staff' ? issue.latestHandoff : undefined;
  return { ...(packet?.done ? { done: packet.done } : {}), ...(packet?.promised ? { promised: packet.promised } : {}) };
}

/**
 * The customer hears of: a question (or a reminder of one), each department that newly holds the
 * issue, and its closing (with what was done and promised, and a request to rate the handling). Not
 * after they unsubscribed from the issue. The confirmation with the tracking code is written by intake
 * (shared/data/issue-store.ts), the only place that knows the code.
 */
export const customerNotices: NotificationRule = (issue, events) => {
  if (issue.unsubscribed) return [];
  const to = { kind: 'customer', customerId: issue.customerId } as const;
  const draft = (event: IssueEvent, kind: string, data: Record<string, unknown>): NotificationDraft => ({
    kind,
    to,
    issueId: issue.issueId,
    cause: `${issue.issueId}.${event.seq}`,
    data,
  });
  const told = new Set(issue.customerToldHolders ?? []);
  const drafts: NotificationDraft[] = [];
  for (const event of events) {
    if (event.type === 'customer_asked' || event.type === 'customer_reminded') {
      drafts.push(draft(event, 'customer_question', { question: event.text ?? '', reminder: event.type === 'customer_reminded', ...(event.department ? { department: event.department } : {}) }));
    } else if (event.type === 'task_opened' && event.department && !told.has(event.department)) {
      // A department the customer was last told holds the issue is no news (its next step, a parallel step, a step after their reply).
      told.add(event.department);
      drafts.push(draft(event, 'customer_new_holder', { department: event.department }));
    } else if (event.type === 'issue_closed') {
      drafts.push(draft(event, 'customer_closed', { ...closingSummary(issue) }));
    }
  }
  return drafts;
};

/**
 * The departments the customer was last told hold the issue, after these events: each opened task's
 * department joins those holding it when it opened; a department that no longer holds it is forgotten
 * only when another one is announced. Undefined when nothing changes.
 */
export function customerToldHolders(issue: IssueRecord, events: readonly IssueEvent[]): string[] | undefined {
  let told = issue.customerToldHolders ?? [];
  let changed = false;
  for (const event of events) {
    if (event.type !== 'task_opened' || !event.department || told.includes(event.department)) continue;
    told = [...new Set([...(issue.holders ?? []).map((holder) => holder.department), event.department])];
    changed = true;
  }
  return changed ? told : undefined;
}

/** Every rule, in order; other notifications (staff, coordinator) are added to this list. */
export const notificationRules: NotificationRule[] = [customerNotices];

export const notificationsFor = (issue: IssueRecord, events: readonly IssueEvent[]): NotificationDraft[] =>
  notificationRules.flatMap((rule) => rule(issue, events));
