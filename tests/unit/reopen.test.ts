import { describe, expect, it } from 'vitest';
import { issueIdOfExecutionName, latestClosing, reopenDecision, reopenExecutionName, reopenWindowMs } from '#shared/domain/reopen.ts';
import { closureDeltas, figureNames, reopenDeltas } from '#shared/data/step-stats.ts';

const completed = (at: string, department: string, username: string) => ({ type: 'task_completed', at, department, actor: { kind: 'staff', username } });
const closed = (at: string) => ({ type: 'issue_closed', at, actor: { kind: 'system' } });
const closedAt = '2026-03-01T10:00:00.000Z';
const history = [completed('2026-03-01T09:00:00.000Z', 'production', 'production'), completed('2026-03-01T09:59:00.000Z', 'sales', 'sales2'), closed(closedAt)];
const later = (ms: number) => new Date(Date.parse(closedAt) + ms).toISOString();

describe('who closed the issue', () => {
  it('is the department and person of the last completion before the latest closing', () => {
    expect(latestClosing(history)).toEqual({ closedAt, department: 'sales', closedBy: 'sales2' });
  });

  it('after a reopen and a second closing, is the follow-up’s', () => {
    const again = [...history, { type: 'issue_reopened', at: later(1000), actor: { kind: 'customer' } }, completed(later(2000), 'service', 'service'), closed(later(3000))];
    expect(latestClosing(again)).toEqual({ closedAt: later(3000), department: 'service', closedBy: 'service' });
  });

  it('is unknown for an issue never closed', () => {
    expect(latestClosing(history.slice(0, 2))).toBeUndefined();
  });
});

describe('the 14-day window to say "not solved"', () => {
  it('a closed issue may be reopened until 14 days after closing, not at that instant', () => {
    expect(reopenDecision({ status: 'closed' }, history, later(reopenWindowMs - 1))).toMatchObject({ allowed: true, until: later(reopenWindowMs) });
    expect(reopenDecision({ status: 'closed' }, history, later(reopenWindowMs))).toEqual({ allowed: false, reason: 'reopen_window_closed', until: later(reopenWindowMs) });
    expect(reopenWindowMs).toBe(14 * 24 * 3600 * 1000);
  });

  it('an issue that is not closed cannot be reopened (the customer writes to it instead)', () => {
    expect(reopenDecision({ status: 'open' }, history, later(1000))).toEqual({ allowed: false, reason: 'not_closed' });
  });
});

describe('a reopen’s execution', () => {
  it('is named after the issue and the reopen’s number, and gives the issue id back', () => {
    const name = reopenExecutionName('iss-01JCZ5XQ2M8K7T0000000000AB', 2);
    expect(name).toBe('iss-01JCZ5XQ2M8K7T0000000000AB_reopen-2');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(issueIdOfExecutionName(name)).toBe('iss-01JCZ5XQ2M8K7T0000000000AB');
    expect(issueIdOfExecutionName('iss-01JCZ5XQ2M8K7T0000000000AB')).toBe('iss-01JCZ5XQ2M8K7T0000000000AB');
  });
});

describe('a reopen in the flow’s figures', () => {
  it('counts one reopen and takes back exactly what the closing added', () => {
    const issue = { createdAt: '2026-02-28T10:00:00.000Z', holders: [], clocks: { service: 3600, sales: 1800 } };
    const closing = closureDeltas(issue, closedAt);
    const reopen = reopenDeltas(issue, closedAt);
    expect(reopen[figureNames.reopens]).toBe(1);
    for (const [name, delta] of Object.entries(closing)) expect(reopen[name]).toBe(-delta);
    expect(reopen[figureNames.closed]).toBe(-1);
    expect(reopen[figureNames.cycleSeconds]).toBe(-86_400);
  });
});
