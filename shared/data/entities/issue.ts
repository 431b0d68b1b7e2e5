// The issue item: the issue's current state (its history is the event items). It sits on three
// lists: its customer's issues, the issues in its status, the issues of its order reference; and on
// the repair list until Step Functions confirms its execution started. Every change of the issue
// rewrites the whole item (DynamoDB bills an update by the item's size, per started KB, twice in a
// transaction), so it leaves out what it can derive or what another item holds: the description
// (the `issue_submitted` event's text), the category when it is the flow, and the issue's own part
// of the task ids it names (`storedAttributes`, resolved again by `parse`).
import { z } from 'zod';
import type { Access } from '#shared/data/entities/access.ts';
import { indexes, indexKeyNames, indexKeys } from '#shared/data/entities/indexes.ts';
import { issueRecordSchema, type Holder, type IssueRecord, type IssueStatus } from '#shared/domain/issue.ts';

/** Order references are matched case-insensitively and without surrounding spaces. */
export const normaliseOrderRef = (orderRef: string) => orderRef.trim().toUpperCase();

/** The issue's own partition: the issue item and its events (eventEntity). */
const issuePartition = (issueId: string) => `ISSUE#${issueId}`;
const customerPartition = (customerId: string) => `CUSTOMER#${customerId}`;
const statusPartition = (status: IssueStatus) => `ISSUES#${status}`;
const orderRefPartition = (orderRef: string) => `ORDER#${normaliseOrderRef(orderRef)}`;
const flowNotStartedPartition = 'EXECUTION#PENDING';

/** What a customer's list of issues shows: all it reads from the index (see table-definition.ts). */
export const customerIssueSchema = z.object({ issueId: z.string(), subject: z.string(), status: z.string(), flowId: z.string(), createdAt: z.string() });
export type CustomerIssue = z.infer<typeof customerIssueSchema>;

/** What the order-reference index holds of an issue: enough to find a customer's open one. */
export const orderRefListingSchema = z.object({ issueId: z.string(), customerId: z.string(), status: z.string() });

type IssueKeys = Pick<IssueRecord, 'customerId' | 'createdAt' | 'issueId' | 'status' | 'orderRef'>;

/** A task id of this issue (shared/domain/step-identity.ts: `tsk-<the issue's ULID>_<digest>`) is stored from its `_`. */
const taskIdPrefix = (issueId: string) => `tsk-${issueId.slice('iss-'.length)}`;
const storedTaskId = (issueId: string, taskId: string) => (taskId.startsWith(`${taskIdPrefix(issueId)}_`) ? taskId.slice(taskIdPrefix(issueId).length) : taskId);
const resolvedTaskId = (issueId: string, stored: string) => (stored.startsWith('_') ? `${taskIdPrefix(issueId)}${stored}` : stored);

type WithTaskId = { taskId?: string | undefined };
const mapTaskIds = <T extends WithTaskId>(value: T, issueId: string, map: (issueId: string, taskId: string) => string): T =>
  value.taskId ? { ...value, taskId: map(issueId, value.taskId) } : value;

/** The issue's attributes as stored: task ids without the issue's part, and no description (written as the first event's text). */
function storedAttributes(issueId: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const { description: _inTheFirstEvent, ...stored } = attributes;
  if (Array.isArray(stored.holders)) stored.holders = (stored.holders as WithTaskId[]).map((holder) => mapTaskIds(holder, issueId, storedTaskId));
  if (stored.latestHandoff) stored.latestHandoff = mapTaskIds(stored.latestHandoff as WithTaskId, issueId, storedTaskId);
  return stored;
}

/** A stored issue with what it leaves out resolved (its description is read from its first event where needed). */
function resolved(item: Record<string, unknown>): Record<string, unknown> {
  const issueId = String(item.issueId);
  return {
    ...item,
    category: item.category ?? item.flowId,
    ...(Array.isArray(item.holders) ? { holders: (item.holders as WithTaskId[]).map((holder) => mapTaskIds(holder, issueId, resolvedTaskId)) } : {}),
    ...(item.latestHandoff ? { latestHandoff: mapTaskIds(item.latestHandoff as WithTaskId, issueId, resolvedTaskId) } : {}),
  };
}

export const issueEntity = {
  name: 'issue',
  key: (issueId: string) => ({ pk: issuePartition(issueId), sk: 'ISSUE' }),
  access: {
    /** The issue item and its events (they share its partition): the issue 360 reads both with one Query. */
    withHistory: (issueId: string): Access => ({ partition: issuePartition(issueId) }),
    /** A customer's issues, oldest first. */
    ofCustomer: (customerId: string): Access => ({ index: indexes.queuesAndCustomers, partition: customerPartition(customerId), beginsWith: 'ISSUE#' }),
    /** The issues in one status, oldest first. */
    inStatus: (status: IssueStatus): Access => ({ index: indexes.issueTasksAndStatuses, partition: statusPartition(status) }),
    /** The issues of one order reference. */
    ofOrderRef: (orderRef: string): Access => ({ index: indexes.orderRefs, partition: orderRefPartition(orderRef) }),
    /** Issues whose flow has not been confirmed as started, stored before `olderThan` (repair). */
    flowNotStarted: (olderThan: string): Access => ({ index: indexes.holdersAndRepairLists, partition: flowNotStartedPartition, before: olderThan }),
  },
  /** The index keys of the status list: its partition follows the status (kept in step by changeIssue). */
  statusKeys: (issue: Pick<IssueRecord, 'status' | 'createdAt' | 'issueId'>) =>
    indexKeys(indexes.issueTasksAndStatuses, statusPartition(issue.status), `${issue.createdAt}#${issue.issueId}`),
  /** The attribute to set when the status changes (the sort key stays). */
  statusPartitionAttribute: (status: IssueStatus) => ({ [indexes.issueTasksAndStatuses.partitionKey]: statusPartition(status) }),
  /** The new issue item, on every list it belongs to and on the repair list until its flow starts. */
  item: (issue: IssueRecord): Record<string, unknown> => {
    const { category, ...rest } = issue;
    return {
      ...issueEntity.key(issue.issueId),
      ...issueEntity.indexKeys(issue),
      entity: 'issue',
      ...storedAttributes(issue.issueId, rest),
      ...(category === issue.flowId ? {} : { category }),
      ...indexKeys(indexes.holdersAndRepairLists, flowNotStartedPartition, `${issue.createdAt}#${issue.issueId}`),
    };
  },
  /** Attributes a change sets, as the item stores them (shared/data/issue-changes.ts). */
  storedAttributes,
  /** The holders as stored, resolved (a read of the `holders` attribute alone). */
  parseHolders: (issueId: string, stored: Holder[] | undefined): Holder[] => (stored ?? []).map((holder) => mapTaskIds(holder, issueId, resolvedTaskId)),
  indexKeys: (issue: IssueKeys) => ({
    ...indexKeys(indexes.queuesAndCustomers, customerPartition(issue.customerId), `ISSUE#${issue.createdAt}#${issue.issueId}`),
    ...issueEntity.statusKeys(issue),
    ...(issue.orderRef ? indexKeys(indexes.orderRefs, orderRefPartition(issue.orderRef), `${issue.createdAt}#${issue.issueId}`) : {}),
  }),
  /** The index keys that put the issue (back) on the repair list until its (follow-up) execution is confirmed: a reopen. */
  flowNotStartedKeys: (issueId: string, since: string) => indexKeys(indexes.holdersAndRepairLists, flowNotStartedPartition, `${since}#${issueId}`),
  /** An UpdateExpression clause that takes the issue off the repair list. */
  leaveFlowNotStartedList: `REMOVE ${indexKeyNames(indexes.holdersAndRepairLists).join(', ')}`,
  parse: (item: Record<string, unknown>): IssueRecord => issueRecordSchema.parse(resolved(item)),
  parseCustomerIssue: (item: Record<string, unknown>): CustomerIssue => customerIssueSchema.parse(item),
  parseOrderRefListing: (item: Record<string, unknown>) => orderRefListingSchema.parse(item),
  parseFlowNotStarted: (item: Record<string, unknown>) => issueRecordSchema.pick({ issueId: true, flowId: true, reopen: true }).parse(item),
};
