import { describe, expect, it } from 'vitest';
import { notificationSettingsBody, slaWarningFor, staffNoticesFor, wantsEmail, windowOf } from '#shared/domain/staff-notices.ts';

const issue = { issueId: 'iss-1', subject: 'Pump stopped', coordinator: { username: 'service2' } };
const at = '2026-03-01T10:07:00.000Z';
const event = (seq: number, type: string, data: Record<string, unknown> = {}, department?: string) => ({ seq, type, at, actor: { kind: 'system' }, data, ...(department ? { department } : {}) });
const who = (notices: ReturnType<typeof staffNoticesFor>) => notices.map((notice) => `${notice.kind}→${notice.audience.kind === 'person' ? notice.audience.username : notice.audience.department}`);

describe('what staff are told', () => {
  it('a new task goes to its queue, grouped per queue and quarter hour: a burst is one notice', () => {
    const first = staffNoticesFor(issue, [event(5, 'task_opened', { taskId: 't1', step: 'triage' }, 'service')]);
    const second = staffNoticesFor({ ...issue, issueId: 'iss-2' }, [event(2, 'task_opened', { taskId: 't9', step: 'triage' }, 'service')]);
    expect(who(first)).toEqual(['new_task→service']);
    expect(first[0]).toMatchObject({ grouped: true, id: `queue.service.${windowOf(at)}` });
    expect(second[0]!.id).toBe(first[0]!.id);
    expect(windowOf(at)).toBe('2026-03-01T10:00:00.000Z');
  });

  it('a task for the managers is an escalation to them', () => {
    expect(who(staffNoticesFor(issue, [event(5, 'task_opened', { taskId: 't1', step: 'triage-escalation' }, 'management')]))).toEqual(['escalation→management']);
  });

  it('a customer’s answer tells whoever asked and the coordinator, and a task given back goes to the asker, not the queue', () => {
    const notices = staffNoticesFor(issue, [
      event(7, 'customer_message', { answers: ['triage'], askedBy: ['service'] }),
      event(8, 'task_opened', { taskId: 't2', step: 'triage' }, 'service'),
      event(9, 'task_returned_to_asker', { taskId: 't2', step: 'triage', username: 'service' }, 'service'),
    ]);
    expect(who(notices)).toEqual(['customer_reply→service', 'customer_reply→service2']);
  });

  it('every customer message and a reopen reach the coordinator', () => {
    expect(who(staffNoticesFor(issue, [event(7, 'customer_message', {})]))).toEqual(['customer_reply→service2']);
    expect(staffNoticesFor(issue, [event(7, 'issue_reopened', {})])[0]).toMatchObject({ kind: 'customer_reply', data: { reopened: true } });
    expect(staffNoticesFor({ ...issue, coordinator: undefined }, [event(7, 'customer_message', {})])).toEqual([]);
  });

  it('a breach tells whoever held the task, the coordinator and the queue', () => {
    expect(who(staffNoticesFor(issue, [event(4, 'sla_breached', { taskId: 't1', step: 'remedy', heldBy: 'sales2' }, 'sales')]))).toEqual(['sla_breach→sales2', 'sla_breach→service2', 'sla_breach→sales']);
  });

  it('a task about to breach warns its holder, or its queue when nobody holds it', () => {
    const task = { taskId: 't1', issueId: 'iss-1', department: 'sales', dueAt: at, stepName: { en: 'Offer a remedy', zh: '销售补救方案' } };
    expect(slaWarningFor({ ...task, claimedBy: 'sales2' }).audience).toEqual({ kind: 'person', username: 'sales2' });
    expect(slaWarningFor(task)).toMatchObject({ kind: 'sla_warning', audience: { kind: 'department', department: 'sales' }, id: 'warning.t1' });
  });
});

describe('what reaches a person by e-mail', () => {
  it('only the kinds they chose, at their address or else the one their identity keeps', () => {
    expect(wantsEmail({ email: 'a@example.com', emailFor: ['new_task'] }, 'new_task')).toBe(true);
    expect(wantsEmail({ email: 'a@example.com', emailFor: ['new_task'] }, 'sla_breach')).toBe(false);
    expect(wantsEmail({ emailFor: ['new_task'] }, 'new_task')).toBe(true);
    expect(wantsEmail(undefined, 'new_task')).toBe(false);
  });

  it('settings naming an unknown kind or a malformed address are refused by field', () => {
    const fieldsOf = (body: unknown) => notificationSettingsBody.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(fieldsOf({ email: 'not-an-address', emailFor: ['new_task'] })).toEqual(['email']);
    expect(fieldsOf({ email: 'a@example.com', emailFor: ['gossip'] })).toEqual(['emailFor.0']);
    expect(notificationSettingsBody.parse({ email: ' A@Example.com ', emailFor: [] })).toEqual({ email: 'a@example.com', language: 'en', emailFor: [] });
  });
});
