// "About to breach": run with the scheduled sweep (AWS: functions/system/sweeper.ts; locally the
// runtime's repair schedule). Each queue's active tasks are ordered by due time (gsi1), so the tasks
// due within the next hour are one Query per queue; each is warned once (a conditional write).
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { now } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { taskKeys } from '#shared/data/keys.ts';
import { queryAll } from '#shared/data/query-all.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { noticeWritesFor } from '#shared/data/staff-notices.ts';
import { slaWarningFor, slaWarningMs } from '#shared/domain/staff-notices.ts';
import { queueDepartments, type TaskRecord } from '#shared/domain/task.ts';

export async function warnTasksAboutToBreach(at = now()): Promise<number> {
  const from = new Date(at).toISOString();
  const until = new Date(at + slaWarningMs).toISOString();
  let warned = 0;
  for (const queue of queueDepartments) {
    const due = (await queryAll({
      TableName: config.tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': taskKeys.queue(queue), ':from': from, ':until': until },
    })) as unknown as TaskRecord[];
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
