// Who is told what when an issue changes: the pure rules behind the outbox (no network).
import { describe, expect, it } from 'vitest';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { customerNotices, customerToldHolders } from '#shared/notifications/notification-rules.ts';
import { messageIdOf } from '#shared/notifications/outbox-message.ts';

const issue = (overrides: Partial<IssueRecord> = {}): IssueRecord =>
  ({ issueId: 'iss_1', customerId: 'cus_1', status: 'open', holders: [], eventCount: 3, ...overrides }) as IssueRecord;
let seq = 10;
const event = (type: string, overrides: Record<string, unknown> = {}): IssueEvent =>
  ({
  issueId: 'iss_1',
  seq: ++seq,
  type,
  at: '2026-01-01T00:00:00.000Z',
  actor: { kind: 'system' },
  visibility: 'internal',
  data: {},
  ...overrides,
  }) as IssueEvent;

describe('what the customer is told', () => {
  it('a question from staff, with its text and the asking department', () => {
    // Prepare
    const asked = event('customer_asked', { text: 'Which colour?', department: 'sales', visibility: 'customer' });
    // Act
    const drafts = customerNotices(issue(), [asked]);
    // Assess
    expect(drafts).toEqual([{ kind: 'customer_question', to: { kind: 'customer', customerId: 'cus_1' }, issueId: 'iss_1', cause: `iss_1.${asked.seq}`, data: { question: 'Which colour?', reminder: false, department: 'sales' } }]);
  });

  it('a department that newly holds the issue, but not the one they were last told holds it', () => {
    // Prepare
    const told = issue({ customerToldHolders: ['service'] });
    // Act
    const again = customerNotices(told, [event('task_opened', { department: 'service' })]);
    const moved = customerNotices(told, [event('task_opened', { department: 'production' })]);
    // Assess
    expect(again).toEqual([]);
    expect(moved.map((draft) => [draft.kind, draft.data])).toEqual([['customer_new_holder', { department: 'production' }]]);
  });

  it('remembers the departments holding it when one is announced, parallel steps included', () => {
    // Prepare
    const parallel = issue({ customerToldHolders: ['service'], holders: [{ department: 'production', since: 'x', taskId: 't1' }] });
    // Act
    const told = customerToldHolders(parallel, [event('task_opened', { department: 'sales' })]);
    const unchanged = customerToldHolders(parallel, [event('task_opened', { department: 'service' })]);
    // Assess
    expect(told).toEqual(['production', 'sales']);
    expect(unchanged).toBeUndefined();
  });

  it('the closing, with what the last person to hand it on did and promised', () => {
    // Prepare
    const closing = issue({ latestHandoff: { from: 'staff', at: 'x', summary: 'internal words', done: 'Replaced the seal', promised: 'A check-up in a year' } });
    // Act
    const [draft] = customerNotices(closing, [event('issue_closed')]);
    // Assess
    expect(draft).toMatchObject({ kind: 'customer_closed', data: { done: 'Replaced the seal', promised: 'A check-up in a year' } });
    expect(JSON.stringify(draft)).not.toContain('internal words');
  });

  it('nothing once the customer unsubscribed from the issue', () => {
    expect(customerNotices(issue({ unsubscribed: true }), [event('customer_asked', { text: 'Q?' }), event('issue_closed')])).toEqual([]);
  });

  it('one cause, kind and recipient make one message id, whoever writes it', () => {
    const draft = { kind: 'customer_question', to: { kind: 'customer' as const, customerId: 'cus_1' }, cause: 'iss_1.4' };
    expect(messageIdOf(draft)).toBe(messageIdOf({ ...draft }));
    expect(messageIdOf(draft)).not.toBe(messageIdOf({ ...draft, cause: 'iss_1.5' }));
  });
});
