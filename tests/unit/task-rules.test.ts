import { describe, expect, it } from 'vitest';
import { assertMayComplete, assertMayRecordLateCompletion, assertMayRelease, claimDecision } from '#shared/domain/task-rules.ts';
import type { Caller } from '#shared/http/caller.ts';
import type { Task } from '#shared/domain/task.ts';
import { HttpError } from '#shared/http/errors.ts';

const task = (overrides: Partial<Task> = {}): Task => ({
  taskId: 'tsk-1', issueId: 'iss-1', flowId: 'product-defect', step: 'triage', stepName: { zh: '分诊', en: 'Triage' },
  department: 'service', status: 'open', createdAt: '2026-01-01T00:00:00Z', dueAt: '2026-01-01T04:00:00Z', outcomes: [], ...overrides,
});
const service: Caller = { username: 'service', groups: ['service'] };
const service2: Caller = { username: 'service2', groups: ['service'] };
const sales: Caller = { username: 'sales', groups: ['sales'] };
const manager: Caller = { username: 'manager', groups: ['managers'] };

function errorOf(action: () => unknown): { status: number; code: string } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return { status: error.statusCode, code: error.code };
    throw error;
  }
}

describe('claiming a task', () => {
  it('staff of the task department take an open task', () => {
    expect(claimDecision(service, task())).toBe('hold');
  });
  it('the holder claiming again is an idempotent repeat', () => {
    expect(claimDecision(service, task({ status: 'claimed', claimedBy: 'service' }))).toBe('keep');
  });
  it('a second claim of a held task is refused as already_claimed', () => {
    expect(errorOf(() => claimDecision(service2, task({ status: 'claimed', claimedBy: 'service' })))).toEqual({ status: 409, code: 'already_claimed' });
  });
  it('a finished task cannot be claimed', () => {
    for (const status of ['completed', 'cancelled', 'expired'] as const) {
      expect(errorOf(() => claimDecision(service, task({ status })))).toEqual({ status: 409, code: 'task_closed' });
    }
  });
  it('another department gets 403 whatever the task state', () => {
    for (const status of ['open', 'claimed', 'completed'] as const) {
      expect(errorOf(() => claimDecision(sales, task({ status, claimedBy: 'service' })))).toEqual({ status: 403, code: 'forbidden' });
    }
  });
  it('managers may claim in any department, and only managers in the management queue', () => {
    expect(claimDecision(manager, task())).toBe('hold');
    expect(claimDecision(manager, task({ department: 'management' }))).toBe('hold');
    expect(errorOf(() => claimDecision(service, task({ department: 'management' })))).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe('releasing and completing', () => {
  const held = task({ status: 'claimed', claimedBy: 'service' });
  it('the holder or a manager releases; a colleague may not', () => {
    expect(() => assertMayRelease(service, held)).not.toThrow();
    expect(() => assertMayRelease(manager, held)).not.toThrow();
    expect(errorOf(() => assertMayRelease(service2, held))).toEqual({ status: 409, code: 'not_claimed' });
  });
  it('only the holder completes; a manager must claim first', () => {
    expect(() => assertMayComplete(service, held)).not.toThrow();
    expect(errorOf(() => assertMayComplete(manager, held))).toEqual({ status: 409, code: 'not_claimed' });
    expect(errorOf(() => assertMayComplete(service, task()))).toEqual({ status: 409, code: 'not_claimed' });
  });
  it('a completed task cannot be completed again', () => {
    expect(errorOf(() => assertMayComplete(service, task({ status: 'completed', claimedBy: 'service' })))).toEqual({ status: 409, code: 'task_closed' });
  });
});

describe('recording a completion after the SLA expired', () => {
  const expired = { ...task({ status: 'expired' }), heldBy: 'service' };
  it('the person who held the claim may', () => {
    expect(errorOf(() => assertMayRecordLateCompletion(service, expired))).toBeUndefined();
  });
  it('a colleague of the same department or a manager finds the task closed', () => {
    expect(errorOf(() => assertMayRecordLateCompletion(service2, expired))).toEqual({ status: 409, code: 'task_closed' });
    expect(errorOf(() => assertMayRecordLateCompletion(manager, expired))).toEqual({ status: 409, code: 'task_closed' });
  });
  it('another department is forbidden, and nobody may when nobody held it', () => {
    expect(errorOf(() => assertMayRecordLateCompletion(sales, expired))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(() => assertMayRecordLateCompletion(service, task({ status: 'expired' })))).toEqual({ status: 409, code: 'task_closed' });
  });
});
