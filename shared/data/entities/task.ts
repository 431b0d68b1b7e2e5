// The task item: a human step's work item. Its index keys are derived from its state every time it is
// written, never carried over: on its department's queue while active, on its holder's list while
// claimed, on the pending-callback list while a completion awaits Step Functions, and always on its
// issue's list of tasks. The flow's task token is not in it: it has an item of its own beside the
// task (same partition, `sk` TOKEN), written once with the task and read only by what answers the
// flow. AWS's tokens are several hundred bytes; carried in the task item, they would take every
// rewrite of it (claim, release, completion, each twice in a transaction) over 1 KB.
import { z } from 'zod';
import type { Access } from '#shared/data/entities/access.ts';
import { indexes, indexKeyNames, indexKeys } from '#shared/data/entities/indexes.ts';
import { isActive, taskRecordSchema, taskSchema, type TaskRecord } from '#shared/domain/task.ts';
import { isDeepStrictEqual } from 'node:util';
import { decisionFields } from '#shared/domain/completion.ts';
import { outcomesOfSet, recordedOutcomeSet } from '#shared/flows/outcome-sets.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';

const queuePartition = (department: string) => `QUEUE#${department}`;
const holderPartition = (username: string) => `HOLDER#${username}`;
const pendingCallbacksPartition = 'CALLBACK#PENDING';
const issuePartition = (issueId: string) => `ISSUE#${issueId}`;

/** Index key attributes are the entity's, never part of the record. */
const indexAttributes = new Set([
  ...indexKeyNames(indexes.queuesAndCustomers),
  ...indexKeyNames(indexes.holdersAndRepairLists),
  ...indexKeyNames(indexes.issueTasksAndStatuses),
]);

/** What the queue and holder lists hold of a task: the public task, and what the repair checks first. */
export const taskListingSchema = taskSchema.extend({ executionArn: z.string(), stateName: z.string() });
export type TaskListing = z.infer<typeof taskListingSchema>;

/**
 * The stored attribute that names a task's outcomes by their recorded set (shared/flows/outcome-sets.ts);
 * a task whose set is not recorded (or an item written before sets) stores `outcomes` itself.
 */
export const outcomeSetAttribute = 'outcomeSet';

/** The task's outcomes as stored: their set's id when recorded, else the outcomes. */
function storedOutcomes(outcomes: TaskRecord['outcomes']): Record<string, unknown> {
  const set = recordedOutcomeSet(outcomes);
  return set ? { [outcomeSetAttribute]: set } : { outcomes };
}

/**
 * What a completion hands the flow, as the task knows it anyway: its id and department, and the
 * outcome's decision fields among what the person entered. Only the outcome and who completed it
 * need storing; every write of the task after its completion then stays under 1 KB longer.
 */
function callbackResultOf(task: Pick<TaskRecord, 'taskId' | 'department' | 'outcomes' | 'completedFields'>, stored: { outcome: string; completedBy: string }) {
  const outcome = task.outcomes.find((candidate) => candidate.id === stored.outcome);
  if (!outcome) return undefined;
  return { taskId: task.taskId, outcome: stored.outcome, fields: decisionFields(outcome, task.completedFields ?? {}), department: task.department, completedBy: stored.completedBy };
}

/** What the item stores of what can be derived (the step's display name, the callback's result) only where it cannot. */
function storedDerivable(task: TaskRecord): Record<string, unknown> {
  const { callbackResult, stepName } = task;
  const shortResult = callbackResult && { outcome: callbackResult.outcome, completedBy: callbackResult.completedBy };
  return {
    ...(isDeepStrictEqual(stepNameOf(task.step), stepName) ? {} : { stepName }),
    ...(callbackResult ? { callbackResult: isDeepStrictEqual(callbackResultOf(task, shortResult!), callbackResult) ? shortResult : callbackResult } : {}),
  };
}

/**
 * Record fields the item stores in another form (or not at all: `callbackPending` is the item's place
 * on a list; the token is in its own item, or inline only in an item written before that, `tokenInline`).
 */
const storedOtherwise = new Set(['callbackPending', 'outcomes', 'stepName', 'callbackResult', 'taskId', 'taskToken', 'tokenInline']);

/** The token item's attribute (and the attribute a task item written before token items carried it in). */
const tokenAttribute = 'taskToken';
const tokenItemSchema = z.object({ [tokenAttribute]: z.string() });

const taskPrefix = 'TASK#';

/** A stored task item with what it names or leaves out resolved: its outcomes from their set, its step's name, its callback's result. */
function withOutcomes(item: Record<string, unknown>): Record<string, unknown> {
  const set = item[outcomeSetAttribute];
  const resolved: Record<string, unknown> = typeof set === 'string' ? { ...item, outcomes: outcomesOfSet(set) } : { ...item };
  // The key names the task (every list holds the table's keys too).
  if (!resolved.taskId) resolved.taskId = String(item.pk).slice(taskPrefix.length);
  if (!resolved.stepName) resolved.stepName = stepNameOf(String(item.step));
  const result = resolved.callbackResult as { taskId?: string; outcome: string; completedBy: string } | undefined;
  if (result && !result.taskId) resolved.callbackResult = callbackResultOf(resolved as unknown as Parameters<typeof callbackResultOf>[0], result);
  return resolved;
}

export const taskEntity = {
  name: 'task',
  key: (taskId: string) => ({ pk: `${taskPrefix}${taskId}`, sk: 'TASK' }),
  access: {
    /** A department's active tasks by due time. */
    queue: (department: string): Access => ({ index: indexes.queuesAndCustomers, partition: queuePartition(department) }),
    /** The tasks one person holds by due time. */
    heldBy: (username: string): Access => ({ index: indexes.holdersAndRepairLists, partition: holderPartition(username) }),
    /** Completions stored before `olderThan` whose callback Step Functions has not confirmed (repair). */
    pendingCallbacks: (olderThan: string): Access => ({ index: indexes.holdersAndRepairLists, partition: pendingCallbacksPartition, before: olderThan }),
    /** An issue's tasks in the order they opened (the index holds their keys only). */
    ofIssue: (issueId: string): Access => ({ index: indexes.issueTasksAndStatuses, partition: issuePartition(issueId), beginsWith: 'TASK#' }),
  },
  /** The stored item; `pendingCallbackSince` keeps it on the pending-callback list. */
  item(task: TaskRecord, pendingCallbackSince?: string): Record<string, unknown> {
    const record = Object.fromEntries(Object.entries(task).filter(([name]) => !indexAttributes.has(name) && !storedOtherwise.has(name)));
    return {
      ...taskEntity.key(task.taskId),
      entity: 'task',
      ...record,
      ...storedOutcomes(task.outcomes),
      ...storedDerivable(task),
      // An item written before tokens had their own item keeps its token where it was: it has no token item.
      ...(task.tokenInline && task.taskToken ? { [tokenAttribute]: task.taskToken } : {}),
      // Tasks opened in the same millisecond share a sort key: an index's keys need not be unique, and the time is what orders them.
      ...indexKeys(indexes.issueTasksAndStatuses, issuePartition(task.issueId), `TASK#${task.createdAt}`),
      ...(isActive(task.status) ? indexKeys(indexes.queuesAndCustomers, queuePartition(task.department), `${task.dueAt}#${task.taskId}`) : {}),
      ...(task.status === 'claimed' && task.claimedBy ? indexKeys(indexes.holdersAndRepairLists, holderPartition(task.claimedBy), `${task.dueAt}#${task.taskId}`) : {}),
      ...(pendingCallbackSince ? indexKeys(indexes.holdersAndRepairLists, pendingCallbacksPartition, `${pendingCallbackSince}#${task.taskId}`) : {}),
    };
  },
  /** A condition (and its value) that the item is still on the pending-callback list. */
  onPendingCallbackList: { condition: `${indexes.holdersAndRepairLists.partitionKey} = :pending`, values: { ':pending': pendingCallbacksPartition } },
  /** An UpdateExpression clause that takes the item off the pending-callback list. */
  leavePendingCallbackList: `REMOVE ${indexKeyNames(indexes.holdersAndRepairLists).join(', ')}`,
  /** The task's token in an item of its own: same partition as the task, on no index. */
  token: {
    name: 'taskToken',
    key: (taskId: string) => ({ pk: `${taskPrefix}${taskId}`, sk: 'TOKEN' }),
    item: (task: { taskId: string; taskToken: string }): Record<string, unknown> => ({
      ...taskEntity.token.key(task.taskId),
      entity: taskEntity.token.name,
      [tokenAttribute]: task.taskToken,
    }),
  },
  /** The stored task; with its token item, the token too (an item written before token items carries it inline). */
  parse(item: Record<string, unknown>, tokenItem?: Record<string, unknown>): TaskRecord {
    const callbackPending = item[indexes.holdersAndRepairLists.partitionKey] === pendingCallbacksPartition;
    const tokenInline = typeof item[tokenAttribute] === 'string';
    const taskToken = tokenItem ? tokenItemSchema.parse(tokenItem)[tokenAttribute] : tokenInline ? String(item[tokenAttribute]) : undefined;
    return {
      ...taskRecordSchema.parse(withOutcomes(item)),
      ...(taskToken ? { taskToken } : {}),
      ...(tokenInline ? { tokenInline } : {}),
      ...(callbackPending ? { callbackPending } : {}),
    };
  },
  parseListing: (item: Record<string, unknown>): TaskListing => taskListingSchema.parse(withOutcomes(item)),
};
