// What a customer sees of their issue: its status, who holds it, what comes next and by when, and
// the public timeline. Built by allow-listing: customer-visible events only, and of those only the
// author's kind (never a staff name), the department and the text: no ids, no tokens, no data.
import { eventsOf } from '#shared/data/read-models.ts';
import { tasksOfIssue } from '#shared/data/task-items.ts';
import { departmentHolds } from '#shared/domain/clocks.ts';
import { isActive } from '#shared/domain/task.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import { latestClosing, reopenableUntil, reopenDecision } from '#shared/domain/reopen.ts';
import { nowIso } from '#shared/clock.ts';
import type { TrackView } from '#shared/api/schemas.ts';

/** Parallel tasks of one department are one holder to the customer, since the earliest of them. */
const holdersOf = (issue: IssueRecord): TrackView['holders'] => [...departmentHolds(issue.holders ?? [])].map(([department, since]) => ({ department, since }));

/** On a closed issue: whether the customer may still say it is not solved, and until when. */
function reopenView(issue: IssueRecord, events: IssueEvent[]): Pick<TrackView, 'reopen'> {
  const closing = issue.status === 'closed' ? latestClosing(events) : undefined;
  if (!closing) return {};
  const decision = reopenDecision(issue, events, nowIso());
  return { reopen: { possible: decision.allowed, until: reopenableUntil(closing.closedAt) } };
}

/**
 * The tracking page's version of an issue: every change a customer can see (a question, a new holder,
 * a step opening, closing) appends an event, so the event count is enough, and costs no extra read.
 */
export const trackViewEtag = (issue: Pick<IssueRecord, 'eventCount'>) => `"v${issue.eventCount}"`;

export async function readTrackView(issue: IssueRecord): Promise<TrackView> {
  const [events, tasks] = await Promise.all([eventsOf(issue.issueId), tasksOfIssue(issue.issueId)]);
  const publicSeqs = new Set(events.filter((event) => event.visibility === 'customer').map((event) => event.seq));
  return {
    version: issue.eventCount,
    status: issue.status,
    unsubscribed: issue.unsubscribed === true,
    subject: issue.subject,
    category: issue.category,
    createdAt: issue.createdAt,
    holders: holdersOf(issue),
    ...(issue.coordinator ? { coordinator: { name: issue.coordinator.displayName } } : {}),
    ...reopenView(issue, events),
    nextSteps: tasks
      .filter((task) => isActive(task.status))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .map((task) => ({ stepName: task.stepName, department: task.department, dueAt: task.dueAt })),
    timeline: events
      .filter((event) => event.visibility === 'customer')
      .map((event) => ({
        seq: event.seq,
        at: event.at,
        type: event.type,
        from: event.actor.kind,
        ...(event.department ? { department: event.department } : {}),
        ...(event.text ? { text: event.text } : {}),
        // At closing: what was done and promised (the last handoff packet), which the customer was also e-mailed.
        ...(event.type === 'issue_closed' && typeof event.data.done === 'string' ? { done: event.data.done } : {}),
        ...(event.type === 'issue_closed' && typeof event.data.promised === 'string' ? { promised: event.data.promised } : {}),
        ...(event.type === 'customer_rated' && typeof event.data.rating === 'number' ? { rating: event.data.rating } : {}),
        // A correction of an event the customer never saw would point nowhere: it is shown as a plain note.
        ...(event.corrects !== undefined && publicSeqs.has(event.corrects) ? { corrects: event.corrects } : {}),
      })),
  };
}
