// What a customer sees of their issue: its status, who holds it, what comes next and by when, and
// the public timeline. Built by allow-listing: customer-visible events only, and of those only the
// author's kind (never a staff name), the department and the text: no ids, no tokens, no data.
import { eventsOf } from '#shared/data/read-models.ts';
import { tasksOfIssue } from '#shared/data/task-items.ts';
import { departmentHolds } from '#shared/domain/clocks.ts';
import { isActive } from '#shared/domain/task.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { TrackView } from '#shared/api/schemas.ts';

/** Parallel tasks of one department are one holder to the customer, since the earliest of them. */
const holdersOf = (issue: IssueRecord): TrackView['holders'] => [...departmentHolds(issue.holders ?? [])].map(([department, since]) => ({ department, since }));

export async function readTrackView(issue: IssueRecord): Promise<TrackView> {
  const [events, tasks] = await Promise.all([eventsOf(issue.issueId), tasksOfIssue(issue.issueId)]);
  const publicSeqs = new Set(events.filter((event) => event.visibility === 'customer').map((event) => event.seq));
  return {
    status: issue.status,
    subject: issue.subject,
    category: issue.category,
    createdAt: issue.createdAt,
    holders: holdersOf(issue),
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
        // A correction of an event the customer never saw would point nowhere: it is shown as a plain note.
        ...(event.corrects !== undefined && publicSeqs.has(event.corrects) ? { corrects: event.corrects } : {}),
      })),
  };
}
