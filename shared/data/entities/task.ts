// The task item: a human step's work item. Its index keys are derived from its state every time it is
// written, never carried over: on its department's queue while active, on its holder's list while
// claimed, on the pending-callback list while a completion awaits Step Functions, and always on its
// issue's list of tasks.
import { z } from 'zod';
import type { Access } from '#shared/data/entities/access.ts';
import { indexes, indexKeyNames, indexKeys } from '#shared/data/entities/indexes.ts';
import { isActive, taskRecordSchema, taskSchema, type TaskRecord } from '#shared/domain/task.ts';
import { outcomesOfSet, recordedOutcomeSet } from '#shared/flows/outcome-sets.ts';

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

/** A stored task item with its outcomes resolved from the set it names. */
function withOutcomes(item: Record<string, unknown>): Record<string, unknown> {
  const set = item[outcomeSetAttribute];
  return typeof set === 'string' ? { ...item, outcomes: outcomesOfSet(set) } : item;
}

export const taskEntity = {
  name: 'task',
  key: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
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
    const record = Object.fromEntries(Object.entries(task).filter(([name]) => !indexAttributes.has(name) && name !== 'callbackPending' && name !== 'outcomes'));
    return {
      ...taskEntity.key(task.taskId),
      entity: 'task',
      ...record,
      ...storedOutcomes(task.outcomes),
      ...indexKeys(indexes.issueTasksAndStatuses, issuePartition(task.issueId), `TASK#${task.createdAt}#${task.taskId}`),
      ...(isActive(task.status) ? indexKeys(indexes.queuesAndCustomers, queuePartition(task.department), `${task.dueAt}#${task.taskId}`) : {}),
      ...(task.status === 'claimed' && task.claimedBy ? indexKeys(indexes.holdersAndRepairLists, holderPartition(task.claimedBy), `${task.dueAt}#${task.taskId}`) : {}),
      ...(pendingCallbackSince ? indexKeys(indexes.holdersAndRepairLists, pendingCallbacksPartition, `${pendingCallbackSince}#${task.taskId}`) : {}),
    };
  },
  /** A condition (and its value) that the item is still on the pending-callback list. */
  onPendingCallbackList: { condition: `${indexes.holdersAndRepairLists.partitionKey} = :pending`, values: { ':pending': pendingCallbacksPartition } },
  /** An UpdateExpression clause that takes the item off the pending-callback list. */
  leavePendingCallbackList: `REMOVE ${indexKeyNames(indexes.holdersAndRepairLists).join(', ')}`,
  parse(item: Record<string, unknown>): TaskRecord {
    const callbackPending = item[indexes.holdersAndRepairLists.partitionKey] === pendingCallbacksPartition;
    return { ...taskRecordSchema.parse(withOutcomes(item)), ...(callbackPending ? { callbackPending } : {}) };
  },
  parseListing: (item: Record<string, unknown>): TaskListing => taskListingSchema.parse(withOutcomes(item)),
};
