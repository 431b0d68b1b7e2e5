// The invariant between Step Functions and the task items: every execution waiting on a human step
// has exactly one open task item for that token, and every open task item belongs to a waiting
// step. A crash between the two (a write lost, a close never run) breaks it; this finds and repairs
// it, asking Step Functions only about what looks wrong in DynamoDB.
import { config } from '#shared/config.ts';
import { readIssue } from '#shared/data/issue-changes.ts';
import { activeTasks, readTask, tasksOfIssue } from '#shared/data/task-items.ts';
import { closeTaskByFlow, restoreTask } from '#shared/data/task-store.ts';
import { taskIdsFor } from '#shared/domain/step-identity.ts';
import { isActive } from '#shared/domain/task.ts';
import { issueIdOfExecutionName } from '#shared/domain/reopen.ts';
import { slaSeconds, type AslDefinition } from '#shared/flows/asl.ts';
import { humanStepsScheduled } from '#shared/flows/execution-facts.ts';
import { atMostAtOnce } from '#shared/flows/at-most-at-once.ts';
import { definitionOfExecution, executionHistory, runningExecutions, tokenIsWaiting } from '#shared/flows/step-functions-client.ts';

export interface InvariantRepair {
  tasksRestored: number;
  tasksClosed: number;
}

export interface InvariantScope {
  /** Work changed at or after this instant is left alone: it may still be on its way. */
  olderThan: string;
  /**
   * Read the history of every running execution, not only of those with nothing open in DynamoDB.
   * Cheap at local start-up (the endpoint is in-process) and the only way to see one parallel
   * branch's task missing while another's is there; the scheduled sweep keeps its calls few.
   */
  everyExecution: boolean;
}

/** Executions checked at once: enough to overlap the round trips, few enough to leave DynamoDB's capacity to requests. */
const repairsAtOnce = 8;

export async function repairTaskInvariant({ olderThan, everyExecution }: InvariantScope): Promise<InvariantRepair> {
  const repair: InvariantRepair = { tasksRestored: 0, tasksClosed: 0 };
  const executions = (await Promise.all(Object.values(config.stateMachineArns()).map((stateMachineArn) => runningExecutions(stateMachineArn)))).flat();
  const running = new Set(executions.map(({ executionArn }) => executionArn));
  // Each execution is its own issue's: checked side by side, a few at a time (a restart waits for this).
  const restored = await atMostAtOnce(executions, repairsAtOnce, ({ executionArn, name }) =>
    restoreMissingTasks(executionArn, issueIdOfExecutionName(name), { olderThan, everyExecution }),
  );
  repair.tasksRestored += restored.reduce((sum, count) => sum + count, 0);
  for (const task of await activeTasks()) {
    if (task.createdAt >= olderThan) continue;
    // A task of a running execution within its SLA is taken as waited on: a token a restarted local
    // endpoint has not replayed back to yet refuses a heartbeat too, and must not close a live task.
    const suspicious = !running.has(task.executionArn) || task.dueAt < olderThan;
    if (!suspicious) continue;
    // The queue lists no task token (table-definition.ts): read it from the task item itself.
    const taskToken = (await readTask(task.taskId))?.taskToken;
    if (!taskToken || (await tokenIsWaiting(taskToken))) continue;
    const status = Date.parse(task.dueAt) <= Date.parse(olderThan) ? 'expired' : 'cancelled';
    if (await closeTaskByFlow(task.issueId, task.stateName, status, { repaired: true })) repair.tasksClosed += 1;
  }
  return repair;
}

/** Opens again, with the same task id, each human step the execution waits on that has no task item. */
async function restoreMissingTasks(executionArn: string, issueId: string, { olderThan, everyExecution }: InvariantScope): Promise<number> {
  const issue = await readIssue(issueId);
  if (!issue || issue.updatedAt >= olderThan) return 0;
  if (!everyExecution) {
    const somethingOpen = (await tasksOfIssue(issueId)).some((task) => isActive(task.status)) || (issue.customerWaits?.length ?? 0) > 0;
    if (somethingOpen) return 0;
  }
  let restored = 0;
  for (const step of humanStepsScheduled(await executionHistory(executionArn))) {
    if ((await hasTask(step)) || !(await tokenIsWaiting(step.taskToken))) continue;
    const definition = (await definitionOfExecution(executionArn)) as AslDefinition;
    if (await restoreTask(step, slaSeconds(definition, step.stateName, config.timeFactor()))) restored += 1;
  }
  return restored;
}

/** Whether the step's task item exists under any id it may carry (today's format is read first, and usually found). */
async function hasTask(step: Parameters<typeof taskIdsFor>[0]): Promise<boolean> {
  for (const taskId of taskIdsFor(step)) if (await readTask(taskId)) return true;
  return false;
}
