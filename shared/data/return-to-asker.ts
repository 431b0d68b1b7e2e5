// Reads what `askerToReturnTo` (shared/domain/return-to-asker.ts) decides on: the step's customer
// wait and the task that asked; and marks the wait as returned in the opening task's transaction.
import { config } from '#shared/config.ts';
import { waitsOfIssue } from '#shared/data/customer-wait-items.ts';
import { customerWaitEntity } from '#shared/data/entities/customer-wait.ts';
import type { TransactItem } from '#shared/data/issue-changes.ts';
import { readTask } from '#shared/data/task-items.ts';
import { askerToReturnTo } from '#shared/domain/return-to-asker.ts';

export async function returnToAsker(issueId: string, step: string, department: string, taskId: string): Promise<{ username: string; write: TransactItem } | undefined> {
  const wait = (await waitsOfIssue(issueId)).find((candidate) => candidate.step === step);
  // Only an answered wait not yet returned is worth reading the asking task for.
  if (!wait || wait.status !== 'answered' || wait.returnedIn) return undefined;
  const username = askerToReturnTo(wait, await readTask(wait.askedIn), department);
  if (!username) return undefined;
  return {
    username,
    write: {
      Update: {
        TableName: config.tableName(),
        Key: customerWaitEntity.key(issueId, step),
        UpdateExpression: 'SET returnedIn = :task',
        ConditionExpression: 'entryKey = :entry AND attribute_not_exists(returnedIn)',
        ExpressionAttributeValues: { ':task': taskId, ':entry': wait.entryKey },
      },
    },
  };
}
