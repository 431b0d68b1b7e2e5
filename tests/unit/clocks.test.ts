import { describe, expect, it } from 'vitest';
import { addHolder, closeHolder, currentClocks } from '#shared/domain/clocks.ts';

describe('department clocks', () => {
  it('a department clock keeps the time a closed task held the issue', () => {
    const issue = { holders: [{ department: 'service', since: '2026-01-01T00:00:00Z', taskId: 't1' }], clocks: {} };
    const after = closeHolder(issue, 't1', '2026-01-01T01:00:00Z');
    expect(after.holders).toEqual([]);
    expect(after.clocks).toEqual({ service: 3600 });
  });
  it('current holders add their running time when read', () => {
    const issue = { holders: [{ department: 'sales', since: '2026-01-01T00:00:00Z', taskId: 't2' }], clocks: { service: 60 } };
    expect(currentClocks(issue, '2026-01-01T00:10:00Z')).toEqual({ customer: 0, service: 60, sales: 600 });
  });
  it('parallel tasks of one department count its time once', () => {
    let issue = { holders: addHolder({ holders: [] }, { department: 'production', since: '2026-01-01T00:00:00Z', taskId: 'a' }), clocks: {} as Record<string, number> };
    issue = { ...issue, holders: addHolder(issue, { department: 'production', since: '2026-01-01T00:30:00Z', taskId: 'b' }) };
    issue = closeHolder(issue, 'a', '2026-01-01T01:00:00Z');
    issue = closeHolder(issue, 'b', '2026-01-01T02:00:00Z');
    expect(issue.clocks).toEqual({ production: 7200 });
  });
  it('waiting for the customer runs the customer clock', () => {
    expect(currentClocks({ holders: [], clocks: {}, waitingCustomerSince: '2026-01-01T00:00:00Z' }, '2026-01-01T00:00:30Z')).toEqual({ customer: 30 });
  });
});
