// An issue's status follows who holds it, whatever order parallel branches move in.
import { describe, expect, it } from 'vitest';
import { statusFor } from '#shared/domain/issue.ts';

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
