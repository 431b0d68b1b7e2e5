// "About to breach": run by the scheduled sweeper (functions/system/sweeper.ts, on the rate of
// shared/scheduled-lambdas.ts: EventBridge on AWS, the runtime's clock locally). Each queue's active tasks are ordered by due time (taskEntity: queue), so the tasks
// due within the next hour are one Query per queue; each is warned once (a conditional write).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { now } from '#shared/clock.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { noticeWritesFor } from '#shared/data/staff-notices.ts';
import { slaWarningFor, slaWarningMs } from '#shared/domain/staff-notices.ts';
import { queueDepartments } from '#shared/domain/task.ts';

export async function warnTasksAboutToBreach(at = now()): Promise<number> {
  const from = new Date(at).toISOString();
  const until = new Date(at + slaWarningMs).toISOString();
  let warned = 0;
  for (const queue of queueDepartments) {
    // The queue is ordered by due time: the tasks due before `until`, of which those not yet overdue.
    const due = (await queryAllOf({ ...taskEntity.access.queue(queue), before: until }))
      .map(taskEntity.parseListing)
      .filter((task) => task.dueAt >= from);
    for (const task of due) {
      const notice = slaWarningFor(task);
      const issue = await readIssue(task.issueId);
      notice.data.subject = issue?.subject ?? '';
      try {
        await documentClient().send(new TransactWriteCommand({ TransactItems: await noticeWritesFor([notice], from) }));
        warned += 1;
      } catch (error) {
        // Warned already (the notice item exists): nothing more to do.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
  }
  return warned;
}
