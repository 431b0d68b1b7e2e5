// Finds and repairs work that committed in DynamoDB but never reached Step Functions: issues whose
// execution did not start, completions whose callback did not arrive, and customer replies likewise;
// then checks that task items and waiting steps still match (task-invariant.ts). Run at start-up and
// on a schedule by the local runtime, and on a schedule by the sweeper on AWS.
import { nowIso } from '#shared/clock.ts';
import { queryAllOf } from '#shared/data/query-all.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { readTask } from '#shared/data/task-items.ts';
import { deliverCallback } from '#shared/flows/deliver-callback.ts';
import { deliverReply } from '#shared/flows/deliver-reply.ts';
import { pendingReplies } from '#shared/data/customer-waits.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';
import { repairTaskInvariant } from '#shared/flows/task-invariant.ts';
import { logger } from '#shared/logger.ts';

/** What a scheduled sweep leaves alone: a request that committed this recently may still be calling Step Functions itself. */
export const inFlightGraceMs = 2 * 60 * 1000;

export interface RepairReport {
  flowsStarted: number;
  /** Staff completions and customer replies handed to the flow. */
  callbacksDelivered: number;
  /** Completions the flow had taken before a crash (confirmation lost), confirmed from its history. */
  completionsConfirmed: number;
  completionsSettled: number;
  stillPending: number;
  /** Steps the flow waited on whose task item was missing, opened again with the same task id. */
  tasksRestored: number;
  /** Open task items no step waited on any more, closed. */
  tasksClosed: number;
}

/**
 * `olderThan` keeps the sweeper away from work that is still on its way (a request that committed
 * a moment ago and is about to call Step Functions itself). At local start-up nothing is in flight,
 * and every running execution's history is read (`everyExecution`, see task-invariant.ts).
 */
export async function repairPendingWork(olderThan = nowIso(), { everyExecution = false } = {}): Promise<RepairReport> {
  const report: RepairReport = { flowsStarted: 0, callbacksDelivered: 0, completionsConfirmed: 0, completionsSettled: 0, stillPending: 0, tasksRestored: 0, tasksClosed: 0 };
  for (const issue of (await queryAllOf(issueEntity.access.flowNotStarted(olderThan))).map(issueEntity.parseFlowNotStarted)) {
    // A reopened issue waits for its follow-up execution (named by its reopen), not its first one.
    const started = await startFlowOf({ issueId: issue.issueId, flowId: issue.flowId, ...(issue.reopen ? { reopen: issue.reopen } : {}) }, { confirm: 'now' });
    if (started) report.flowsStarted += 1;
    else report.stillPending += 1;
  }
  for (const listed of (await queryAllOf(taskEntity.access.pendingCallbacks(olderThan))).map(taskEntity.parseListing)) {
    // The list holds no task token (table-definition.ts): the task item itself has it.
    const task = await readTask(listed.taskId);
    if (!task?.callbackResult) continue;
    const delivery = await deliverCallback(task.taskId, { taskToken: task.taskToken, result: task.callbackResult });
    if (delivery === 'delivered') report.callbacksDelivered += 1;
    else if (delivery === 'confirmed') report.completionsConfirmed += 1;
    else if (delivery === 'flow-moved-on') report.completionsSettled += 1;
    else if (delivery === 'pending') report.stillPending += 1;
  }
  for (const reply of await pendingReplies(olderThan)) {
    const delivery = await deliverReply(reply);
    if (delivery === 'delivered') report.callbacksDelivered += 1;
    else if (delivery === 'flow-moved-on') report.completionsSettled += 1;
    else report.stillPending += 1;
  }
  Object.assign(report, await repairTaskInvariant({ olderThan, everyExecution }));
  if (Object.values(report).some((count) => count > 0)) {
    logger.info('repaired pending work', { ...report });
  }
  return report;
}
