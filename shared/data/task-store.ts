// Tasks opened and moved by people and by the flow. What each move does is decided by the pure
// transitions in shared/domain/transitions/tasks.ts; here each reads what it needs (the task and its
// issue in one request where the task id names the issue) and runs the change in one transaction.
import { readTask, readTaskWithIssue, tasksOfIssue } from '#shared/data/task-items.ts';
import { requireIssue, runChange } from '#shared/data/issue-changes.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { Caller } from '#shared/domain/staff.ts';
import { taskIdFor } from '#shared/domain/step-identity.ts';
import { publicTask, type Task, type TaskStatus } from '#shared/domain/task.ts';
import { claimTask as claim, closeTaskByFlow as closeByFlow, openTask as open, releaseTask as release } from '#shared/domain/transitions/tasks.ts';
import { effectiveDepartment, type HumanStepPayload } from '#shared/flows/human-step.ts';
import { returnToAsker } from '#shared/data/return-to-asker.ts';
import { confirmedByOpening } from '#shared/data/task-completion.ts';
import { batchGet } from '#shared/data/batch-get.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { queueSubscribersEntity } from '#shared/data/entities/staff-profile.ts';
import type { KnownSubscribers } from '#shared/data/staff-notices.ts';
import { subscribersIn, type StaffProfile } from '#shared/data/staff-profile.ts';
import { NotFoundError } from '#shared/domain/errors.ts';

export { taskIdFor } from '#shared/domain/step-identity.ts';

/**
 * Called by a flow's human step: puts a task in its department's queue (idempotent: a re-run step
 * finds its task by the refused write, not by reading first). For a step the flow waits on whose
 * task item is missing, the repair calls restoreTask below: the same task id, due when the flow's own
 * timer fires, and the repair recorded as an event.
 */
export async function openTask(step: HumanStepPayload, slaSeconds: number): Promise<Task> {
  const taskId = taskIdFor(step);
  const queue = effectiveDepartment(step);
  // Who of the queue wants e-mail of the new task, read once with the issue; a retry decided from the
  // issue a refusal returned keeps them.
  let subscribers: KnownSubscribers | undefined;
  // The customer answered this step's question: the task goes back to whoever asked, held by them.
  // A step never asked about has no answer to return (and its opening reads no waits).
  const withAsker = async (issue: IssueRecord) => ({
    issue,
    asker: step.questionsAsked === 0 ? undefined : await returnToAsker(step.issueId, step.step, queue, taskId),
  });
  return runChange({
    read: async () => {
      const read = await readIssueWithSubscribers(step.issueId, queue);
      subscribers = new Map([[queue, read.subscribers]]);
      return withAsker(read.issue);
    },
    readWith: withAsker,
    decide: ({ issue, asker }, now) => {
      const change = open(issue, { step, slaSeconds, restored: false, ...(asker ? { returnTo: asker.username } : {}) }, now);
      // The completion that opened this step with others may be left to confirm (task-completion.ts).
      const confirmed = confirmedByOpening(issue, step);
      const writes = [...(asker ? [asker.write] : []), ...(confirmed.writes ?? [])];
      return { ...change, subscribers, ...(confirmed.remove ? { remove: [...(change.remove ?? []), ...confirmed.remove] } : {}), ...(writes.length ? { writes } : {}) };
    },
    refused: async ({ taskRefused }) => {
      if (!taskRefused(taskId)) return undefined;
      const existing = await readTask(taskId);
      return existing ? publicTask(existing) : undefined;
    },
  });
}

/** The issue and who of `queue` wants e-mail, in one consistent BatchGetItem: the opening's one read. */
async function readIssueWithSubscribers(issueId: string, queue: string): Promise<{ issue: IssueRecord; subscribers: StaffProfile[] }> {
  const issueKey = issueEntity.key(issueId);
  const items = await batchGet([issueKey, queueSubscribersEntity.key(queue)], { consistent: true });
  const issueItem = items.find((item) => item.pk === issueKey.pk && item.sk === issueKey.sk);
  if (!issueItem) throw new NotFoundError(`No issue ${issueId}.`);
  return { issue: issueEntity.parse(issueItem), subscribers: subscribersIn(items.find((item) => item !== issueItem)) };
}

/**
 * The repair opens a missing task again (same task id): true only if this wrote it. The flow's own
 * open may get there first (a step re-run after a restart); then nothing was restored.
 */
export async function restoreTask(step: HumanStepPayload, slaSeconds: number): Promise<boolean> {
  const taskId = taskIdFor(step);
  return runChange({
    read: async () => ({ issue: await requireIssue(step.issueId) }),
    readWith: async (issue) => ({ issue }),
    decide: ({ issue }, now) => {
      const change = open(issue, { step, slaSeconds, restored: true }, now);
      return { ...change, result: change.events.length > 0 };
    },
    refused: async ({ taskRefused }) => (taskRefused(taskId) ? false : undefined),
  });
}

export async function claimTask(taskId: string, caller: Caller): Promise<Task> {
  return runChange({ read: () => readTaskWithIssue(taskId), decide: ({ task }, now) => claim(task, caller, now) });
}

export async function releaseTask(taskId: string, caller: Caller): Promise<Task> {
  return runChange({ read: () => readTaskWithIssue(taskId), decide: ({ task }) => release(task, caller) });
}

/**
 * The flow ended a step without a person (SLA breach, cancelled branch): close its active task. The
 * repair calls it with `repaired` for a task whose execution no longer waits on it (the flow's own
 * close was lost in a crash), and records that as an event.
 */
export async function closeTaskByFlow(
  issueId: string,
  stateName: string,
  status: Extract<TaskStatus, 'expired' | 'cancelled'>,
  { repaired = false } = {},
): Promise<Task | undefined> {
  return runChange({
    read: async () => {
      const [issue, tasks] = await Promise.all([requireIssue(issueId), tasksOfIssue(issueId)]);
      return { issue, tasks: tasks.filter((task) => task.stateName === stateName) };
    },
    decide: ({ issue, tasks }, now) => closeByFlow(issue, { tasks, status, repaired }, now),
  });
}
