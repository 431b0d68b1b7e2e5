// An issue's status follows who holds it, whatever order parallel branches move in; and whether the
// customer wrote since staff last acted on it.
import { describe, expect, it } from 'vitest';
import { statusFor } from '#shared/domain/issue.ts';
import { hasUnreadCustomerMessage, unreadAfter } from '#shared/domain/unread.ts';

const sales = { department: 'sales' };
const production = { department: 'production' };
const manager = { department: 'management' };

describe('the issue status', () => {
  it('is escalated while a manager holds any part of the issue, even when another branch goes back to a department', () => {
    expect(statusFor({ status: 'open' }, [manager, sales])).toBe('escalated');
    expect(statusFor({ status: 'escalated' }, [sales, manager])).toBe('escalated');
  });

  it('is open again once no manager holds it, and with nobody holding it between steps', () => {
    expect(statusFor({ status: 'escalated' }, [sales, production])).toBe('open');
    expect(statusFor({ status: 'escalated' }, [])).toBe('open');
  });

  it('waits for the customer while any step does, and closed stays closed', () => {
    expect(statusFor({ status: 'open', customerWaits: ['triage'] }, [manager])).toBe('waiting_customer');
    expect(statusFor({ status: 'closed' }, [manager])).toBe('closed');
  });
});

describe('an unread customer message (flagged in the queue)', () => {
  const event = (seq: number, type: string, kind: 'staff' | 'customer' | 'system') => ({ seq, type, actor: kind === 'staff' ? { kind, username: 'sales' } : { kind } });
  it('is a customer message after the last thing staff did on the issue', () => {
    expect(hasUnreadCustomerMessage([event(1, 'issue_submitted', 'customer'), event(2, 'task_claimed', 'staff'), event(3, 'customer_message', 'customer')])).toBe(true);
    expect(hasUnreadCustomerMessage([event(1, 'customer_message', 'customer'), event(2, 'note_added', 'staff')])).toBe(false);
    expect(hasUnreadCustomerMessage([event(1, 'issue_submitted', 'customer'), event(2, 'task_opened', 'system')])).toBe(false);
    // The system's own events (a reminder, a reopened step) do not count as read.
    expect(hasUnreadCustomerMessage([event(1, 'customer_message', 'customer'), event(2, 'task_opened', 'system')])).toBe(true);
  });

  it('kept on the issue change by change agrees with the whole history at every point', () => {
    const history = [
      event(1, 'issue_submitted', 'customer'),
      event(2, 'task_opened', 'system'),
      event(3, 'customer_message', 'customer'),
      event(4, 'task_opened', 'system'),
      event(5, 'task_claimed', 'staff'),
      event(6, 'customer_message', 'customer'),
      event(7, 'customer_message', 'customer'),
      event(8, 'note_added', 'staff'),
    ];
    // Changes of one and of several events, as transactions write them: the flag stored after each.
    const changes = [[0, 1], [1, 3], [3, 4], [4, 5], [5, 7], [7, 8]];
    let stored: boolean | undefined = false;
    for (const [from, to] of changes) {
      stored = unreadAfter(stored, history.slice(from, to));
      expect(stored).toBe(hasUnreadCustomerMessage(history.slice(0, to)));
    }
  });

  it('is unknown on an issue stored before the flag until a message or a staff action says', () => {
    expect(unreadAfter(undefined, [event(9, 'task_opened', 'system')])).toBeUndefined();
    expect(unreadAfter(undefined, [event(9, 'customer_message', 'customer')])).toBe(true);
    expect(unreadAfter(undefined, [event(9, 'customer_message', 'customer'), event(10, 'task_claimed', 'staff')])).toBe(false);
  });
});
