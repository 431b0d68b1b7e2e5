// The entity modules: what an item builder writes, the parser reads back as the same record, with
// its place on a list read from the index keys (never stored as a field of its own).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { customerWaitEntity, type CustomerWait } from '#shared/data/entities/customer-wait.ts';
import { issueEntity } from '#shared/data/entities/issue.ts';
import { taskEntity } from '#shared/data/entities/task.ts';
import { taskWrites } from '#shared/data/task-items.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { TaskRecord } from '#shared/domain/task.ts';

const task: TaskRecord = {
  taskId: 'tsk-1', issueId: 'iss-1', flowId: 'product-defect', step: 'triage', stepName: { zh: '分诊', en: 'Triage' }, department: 'service',
  status: 'completed', createdAt: '2026-11-23T10:00:00.000Z', dueAt: '2026-11-23T14:00:00.000Z', outcomes: [], taskToken: 'token', executionArn: 'arn',
  stateName: 'Triage', attempt: 0, closedAt: '2026-11-23T11:00:00.000Z',
  callbackResult: { taskId: 'tsk-1', outcome: 'defect', fields: {}, department: 'service', completedBy: 'service' },
};
const tokenItem = taskEntity.token.item({ taskId: 'tsk-1', taskToken: 'token' });

describe('entities', () => {
  // The write builders name the table (no network: nothing is sent).
  beforeAll(() => {
    vi.stubEnv('BATON_TABLE_NAME', 'baton-unit');
  });

  it('a task reads back as written, on the pending-callback list only while its completion awaits confirmation', () => {
    // Act
    const pending = taskEntity.parse(taskEntity.item(task, '2026-11-23T11:00:00.000Z'), tokenItem);
    const confirmed = taskEntity.parse(taskEntity.item(pending), tokenItem);
    // Assess
    expect(pending).toEqual({ ...task, callbackPending: true });
    expect(confirmed).toEqual(task);
    expect(Object.keys(taskEntity.item(pending))).not.toContain('callbackPending');
  });

  it('a task item never carries its token: the token has an item of its own beside it, on no list, written only with a new task', () => {
    // Prepare
    const opened = { ...task, status: 'open' as const, closedAt: undefined, callbackResult: undefined };
    // Act
    const item = taskEntity.item(task, '2026-11-23T11:00:00.000Z');
    const opening = taskWrites({ next: opened });
    const claim = taskWrites({ next: { ...opened, status: 'claimed', claimedBy: 'service' }, previous: opened });
    // Assess
    expect(JSON.stringify(item)).not.toContain('token');
    expect(taskEntity.parse(item)).not.toHaveProperty('taskToken');
    expect(tokenItem).toMatchObject({ pk: item.pk, taskToken: 'token' });
    expect(Object.keys(tokenItem).filter((name) => name.startsWith('gsi'))).toEqual([]);
    expect(opening.map((write) => write.Put?.Item)).toEqual([taskEntity.item(opened), tokenItem]);
    expect(claim).toHaveLength(1);
    expect(JSON.stringify(claim)).not.toContain('token');
  });

  it('a task item written before tokens had their own item keeps its token inline, and is read with it', () => {
    // Prepare: an earlier Baton's item
    const earlier = { ...taskEntity.item(task), taskToken: 'earlier-token' };
    // Act
    const read = taskEntity.parse(earlier);
    // Assess
    expect(read).toMatchObject({ taskToken: 'earlier-token', tokenInline: true });
    expect(taskEntity.item({ ...read, status: 'expired' }).taskToken).toBe('earlier-token');
    expect(taskWrites({ next: { ...read, status: 'expired' }, previous: read })).toHaveLength(1);
  });

  it('a task is on its queue while active and on its holder’s list while claimed, never after', () => {
    const claimed = taskEntity.item({ ...task, status: 'claimed', claimedBy: 'service' });
    const queue = taskEntity.access.queue('service');
    const held = taskEntity.access.heldBy('service');
    expect(claimed[queue.index!.partitionKey]).toBe(queue.partition);
    expect(claimed[held.index!.partitionKey]).toBe(held.partition);
    const closed = taskEntity.item({ ...task, status: 'expired' });
    expect(closed[queue.index!.partitionKey]).toBeUndefined();
    expect(closed[held.index!.partitionKey]).toBeUndefined();
  });

  it('a customer wait reads back as written, with its reply pending only while it is listed', () => {
    const wait: CustomerWait = {
      issueId: 'iss-1', step: 'triage', entryKey: 'e1', taskToken: 'token', executionArn: 'arn', stateName: 'Ask', status: 'answered',
      question: 'Serial?', askedIn: 'tsk-1', askedAt: '2026-11-23T10:00:00.000Z', answeredAt: '2026-11-23T11:00:00.000Z',
    };
    expect(customerWaitEntity.parse(customerWaitEntity.item(wait, '2026-11-23T11:00:00.000Z'))).toEqual({ ...wait, replyPending: true });
    expect(customerWaitEntity.parse(customerWaitEntity.item(wait))).toEqual(wait);
  });

  it('a new issue is on the repair list until its flow starts, and its status list follows its status', () => {
    const item: Record<string, unknown> = issueEntity.item({
      issueId: 'iss-1', customerId: 'cus-1', status: 'open', flowId: 'product-defect', flowVersion: 1, category: 'product-defect', subject: 'Pump',
      description: 'It broke', createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z', eventCount: 1, holders: [], reroutes: 0,
      bounces: 0, clocks: {}, path: [],
    });
    const repair = issueEntity.access.flowNotStarted('9999');
    const closedList = issueEntity.access.inStatus('closed');
    expect((item as Record<string, unknown>)[repair.index!.partitionKey]).toBe(repair.partition);
    expect(issueEntity.statusPartitionAttribute('closed')).toEqual({ [closedList.index!.partitionKey]: closedList.partition });
    expect(issueEntity.leaveFlowNotStartedList).toBe(`REMOVE ${repair.index!.partitionKey}, ${repair.index!.sortKey}`);
  });

  it('an issue item leaves out its description, its category when it is its flow, and its own part of its task ids, and reads back whole', () => {
    // Prepare
    const issueId = 'iss-01KBGT3X0000000000000000AB';
    const ownTask = 'tsk-01KBGT3X0000000000000000AB_abcdefghijklmnopqrstuvwxyz';
    const earlierTask = 'tsk-abcdefghijklmnopqrstuvwxyz';
    const issue: IssueRecord = {
      issueId, customerId: 'cus-1', status: 'open', flowId: 'product-defect', flowVersion: 1, category: 'product-defect', subject: 'Pump',
      createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z', eventCount: 3, reroutes: 0, bounces: 0, clocks: {}, path: ['triage'],
      holders: [{ department: 'service', since: '2026-11-23T10:00:00.000Z', taskId: ownTask }, { department: 'sales', since: '2026-11-23T10:00:00.000Z', taskId: earlierTask }],
      latestHandoff: { from: 'staff', at: '2026-11-23T10:00:00.000Z', summary: 'Defect', taskId: ownTask },
    };
    // Act
    const item = issueEntity.item({ ...issue, description: 'It broke' });
    const set = issueEntity.storedAttributes(issueId, { holders: issue.holders, description: 'never stored' });
    // Assess
    expect(item).not.toHaveProperty('description');
    expect(item).not.toHaveProperty('category');
    expect(JSON.stringify(item)).not.toContain(ownTask);
    expect(item.holders).toEqual([expect.objectContaining({ taskId: '_abcdefghijklmnopqrstuvwxyz' }), expect.objectContaining({ taskId: earlierTask })]);
    expect(issueEntity.parse(item)).toEqual(issue);
    expect(set).toEqual({ holders: item.holders });
    expect(issueEntity.parseHolders(issueId, item.holders as IssueRecord['holders'])).toEqual(issue.holders);
    expect(issueEntity.parse({ ...item, category: 'billing-dispute', description: 'stored before' })).toMatchObject({ category: 'billing-dispute', description: 'stored before' });
  });
});
