// What staff are told when an issue changes: a pure function of the issue before the change and the
// events the change appends (like the customers' rules in shared/notifications/notification-rules.ts).
// Each notice goes to a person or to a whole department's queue; the console shows them live, and
// each person chooses which kinds also reach them by e-mail (shared/data/staff-profile.ts).
import { z } from 'zod';

import { staffNoticeKinds, type StaffNoticeKind } from '#shared/domain/staff-notice-kinds.ts';

export { staffNoticeKinds, type StaffNoticeKind };

export type Audience = { kind: 'person'; username: string } | { kind: 'department'; department: string };

export interface StaffNotice {
  kind: StaffNoticeKind;
  audience: Audience;
  issueId: string;
  /** Stable and unique per notice (so a retried change writes it once); grouped notices share theirs. */
  id: string;
  /** New tasks of one queue within one window are one notice (and one e-mail): a burst is one message. */
  grouped?: boolean;
  /** Written by a sweep that runs again and again: stored under its id alone, and only the first time. */
  once?: boolean;
  data: Record<string, unknown>;
}

/** The window new-task notices of one queue are grouped in. */
export const newTaskWindowMs = 15 * 60_000;
export const windowOf = (at: string) => new Date(Math.floor(Date.parse(at) / newTaskWindowMs) * newTaskWindowMs).toISOString();

/** How long before a task's due time its holder (or its queue) is warned. */
export const slaWarningMs = 60 * 60_000;

interface NoticeEvent {
  type: string;
  seq: number;
  at: string;
  department?: string | undefined;
  actor: { kind: string; username?: string };
  data: Record<string, unknown>;
}

interface NoticeIssue {
  issueId: string;
  subject: string;
  coordinator?: { username: string } | undefined;
}

const person = (username: string): Audience => ({ kind: 'person', username });
const department = (name: string): Audience => ({ kind: 'department', department: name });

export function staffNoticesFor(issue: NoticeIssue, events: readonly NoticeEvent[]): StaffNotice[] {
  const notices: StaffNotice[] = [];
  const base = (event: NoticeEvent, kind: StaffNoticeKind, audience: Audience, data: Record<string, unknown> = {}): StaffNotice => ({
    kind,
    audience,
    issueId: issue.issueId,
    id: `${issue.issueId}.${event.seq}.${audience.kind === 'person' ? audience.username : audience.department}`,
    data: { subject: issue.subject, ...data },
  });
  // A task given back to the person who asked is news to them, not to the queue.
  const returned = new Set(events.filter((event) => event.type === 'task_returned_to_asker').map((event) => String(event.data.taskId)));
  for (const event of events) {
    const step = event.data.stepName ?? event.data.step;
    if (event.type === 'task_opened' && event.department && !returned.has(String(event.data.taskId))) {
      if (event.department === 'management') {
        notices.push(base(event, 'escalation', department('management'), { step }));
      } else {
        const window = windowOf(event.at);
        notices.push({ ...base(event, 'new_task', department(event.department), { step }), id: `queue.${event.department}.${window}`, grouped: true });
      }
    } else if (event.type === 'customer_message' || event.type === 'issue_reopened') {
      // The people who asked what this answers, and the coordinator, who receives every customer message.
      const askedBy = Array.isArray(event.data.askedBy) ? event.data.askedBy.map(String) : [];
      for (const username of new Set([...askedBy, ...(issue.coordinator ? [issue.coordinator.username] : [])])) {
        notices.push(base(event, 'customer_reply', person(username), { reopened: event.type === 'issue_reopened' }));
      }
    } else if (event.type === 'task_returned_to_asker' && typeof event.data.username === 'string') {
      notices.push(base(event, 'customer_reply', person(event.data.username), { step, backToYou: true }));
    } else if (event.type === 'sla_breached') {
      const heldBy = typeof event.data.heldBy === 'string' ? event.data.heldBy : undefined;
      const told = new Set([...(heldBy ? [heldBy] : []), ...(issue.coordinator ? [issue.coordinator.username] : [])]);
      for (const username of told) notices.push(base(event, 'sla_breach', person(username), { step }));
      if (event.department && event.department !== 'management') notices.push(base(event, 'sla_breach', department(event.department), { step }));
    }
  }
  // Several events of one change may tell one person the same kind of thing: once is enough.
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = `${notice.kind}|${notice.id.startsWith('queue.') ? notice.id : `${notice.audience.kind}:${notice.audience.kind === 'person' ? notice.audience.username : notice.audience.department}`}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A task about to breach: its holder is warned, or its queue when nobody holds it (the sweep finds these). */
export function slaWarningFor(task: { taskId: string; issueId: string; department: string; claimedBy?: string | undefined; dueAt: string; stepName: unknown }): StaffNotice {
  const audience = task.claimedBy ? person(task.claimedBy) : department(task.department);
  return { kind: 'sla_warning', audience, issueId: task.issueId, id: `warning.${task.taskId}`, once: true, data: { step: task.stepName, dueAt: task.dueAt } };
}

/**
 * A person's choice of what reaches them by e-mail; the console shows every notice regardless. Without
 * an address here, mail goes to the one their identity keeps (the user pool's `email`).
 */
export const notificationSettingsBody = z.strictObject({
  email: z.string().trim().max(254).toLowerCase().pipe(z.email('Must be an email address.')).optional(),
  language: z.enum(['en', 'zh-CN']).default('en'),
  emailFor: z.array(z.enum(staffNoticeKinds)).max(staffNoticeKinds.length),
});
export type NotificationSettings = z.infer<typeof notificationSettingsBody>;

/** E-mail goes only where the person asked for this kind (to their address, or else their identity's). */
export const wantsEmail = (settings: Partial<NotificationSettings> | undefined, kind: StaffNoticeKind) => (settings?.emailFor ?? []).includes(kind);
