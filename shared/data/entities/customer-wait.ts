// The customer-wait item: a step that asked the customer a question, holding the flow's token
// (server-side only) until the reply answers it or the flow gives up. One item per issue and step;
// on the pending-reply list while a reply awaits Step Functions' confirmation.
import type { Access } from '#shared/data/entities/access.ts';
import { indexes, indexKeyNames, indexKeys } from '#shared/data/entities/indexes.ts';
import { customerWaitSchema, type CustomerWait } from '#shared/domain/customer-wait.ts';

const pendingRepliesPartition = 'REPLY#PENDING';
const issuePartition = (issueId: string) => `CUSTOMERWAIT#${issueId}`;

export { customerWaitSchema, type CustomerWait };

/** What the pending-reply list holds of a wait (see table-definition.ts): enough to read it back. */
const pendingReplyListingSchema = customerWaitSchema.pick({ issueId: true, step: true, entryKey: true });

export const customerWaitEntity = {
  name: 'customerWait',
  key: (issueId: string, step: string) => ({ pk: issuePartition(issueId), sk: `STEP#${step}` }),
  access: {
    /** An issue's waits, one per step that asked. */
    ofIssue: (issueId: string): Access => ({ partition: issuePartition(issueId) }),
    /** Replies stored before `olderThan` not yet confirmed by Step Functions (repair). */
    pendingReplies: (olderThan: string): Access => ({ index: indexes.holdersAndRepairLists, partition: pendingRepliesPartition, before: olderThan }),
  },
  /** The stored item; `pendingSince` keeps it on the pending-reply list. */
  item(wait: CustomerWait, pendingSince?: string): Record<string, unknown> {
    const { replyPending: _derived, ...record } = wait;
    return {
      ...customerWaitEntity.key(wait.issueId, wait.step),
      entity: 'customerWait',
      ...record,
      ...(pendingSince ? indexKeys(indexes.holdersAndRepairLists, pendingRepliesPartition, `${pendingSince}#${wait.issueId}#${wait.step}`) : {}),
    };
  },
  /** A condition (and its value) that the item is still on the pending-reply list. */
  onPendingReplyList: { condition: `${indexes.holdersAndRepairLists.partitionKey} = :pending`, values: { ':pending': pendingRepliesPartition } },
  /** An UpdateExpression clause that takes the item off the pending-reply list. */
  leavePendingReplyList: `REMOVE ${indexKeyNames(indexes.holdersAndRepairLists).join(', ')}`,
  parse(item: Record<string, unknown>): CustomerWait {
    const replyPending = item[indexes.holdersAndRepairLists.partitionKey] === pendingRepliesPartition;
    return { ...customerWaitSchema.parse(item), ...(replyPending ? { replyPending } : {}) };
  },
  parsePendingReplyListing: (item: Record<string, unknown>) => pendingReplyListingSchema.parse(item),
};
