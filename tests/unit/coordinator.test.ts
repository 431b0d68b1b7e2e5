import { describe, expect, it } from 'vitest';
import { changeCoordinatorBody, coordinatorByDefault } from '#shared/domain/coordinator.ts';
import { askerToReturnTo } from '#shared/domain/return-to-asker.ts';

const now = '2026-03-01T10:00:00.000Z';
const fresh = { path: ['triage'] };

describe('the coordinator by default', () => {
  it('is the first person to complete the issue’s first step', () => {
    expect(coordinatorByDefault(fresh, { step: 'triage', outcome: 'confirmed_defect', username: 'service2' }, now)).toEqual({ username: 'service2', displayName: 'service2', since: now });
  });

  it('is not whoever rerouted the first step or asked the customer about it: they did not complete it', () => {
    expect(coordinatorByDefault(fresh, { step: 'triage', outcome: 'reroute', username: 'service' }, now)).toBeUndefined();
    expect(coordinatorByDefault(fresh, { step: 'triage', outcome: 'ask_customer', username: 'service' }, now)).toBeUndefined();
  });

  it('is not made by a later step, nor replaces one already named', () => {
    expect(coordinatorByDefault({ path: ['triage', 'remedy'] }, { step: 'remedy', outcome: 'refund', username: 'sales' }, now)).toBeUndefined();
    const named = { ...fresh, coordinator: { username: 'service2', displayName: 'service2', since: now } };
    expect(coordinatorByDefault(named, { step: 'triage', outcome: 'confirmed_defect', username: 'service' }, now)).toBeUndefined();
  });
});

describe('a manager names another coordinator', () => {
  it('with a staff user name and a reason; either missing is refused by name', () => {
    expect(changeCoordinatorBody.parse({ username: ' sales2 ', reason: 'Knows the customer' })).toEqual({ username: 'sales2', reason: 'Knows the customer' });
    const refused = changeCoordinatorBody.safeParse({ username: 'not a name!', reason: ' ' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['reason', 'username']);
  });
});

describe('after the customer answers, the task goes back to whoever asked', () => {
  const asking = { department: 'sales', callbackResult: { completedBy: 'sales2', outcome: 'ask_customer' } };

  it('once, to the person who asked, in the department they asked from', () => {
    expect(askerToReturnTo({ status: 'answered' }, asking, 'sales')).toBe('sales2');
    expect(askerToReturnTo({ status: 'answered', returnedIn: 'tsk-1' }, asking, 'sales')).toBeUndefined();
    expect(askerToReturnTo({ status: 'answered' }, asking, 'service')).toBeUndefined();
  });

  it('not when the customer did not answer (the step goes on without them: to the pool)', () => {
    expect(askerToReturnTo({ status: 'ended' }, asking, 'sales')).toBeUndefined();
    expect(askerToReturnTo(undefined, asking, 'sales')).toBeUndefined();
  });
});
