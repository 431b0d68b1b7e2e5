// Task transitions as pure functions: from a task (and its issue), a caller and the time to the change
// (events, task write, issue attributes, figures), or the domain error that refuses it. No DynamoDB.
import { describe, expect, it } from 'vitest';
import { DomainError, ForbiddenError, InvalidInputError } from '#shared/domain/errors.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import type { Caller } from '#shared/domain/staff.ts';
import { issueIdOfTask, taskIdFor } from '#shared/domain/step-identity.ts';
import type { TaskRecord, TaskWithToken } from '#shared/domain/task.ts';
import { claimTask, closeTaskByFlow, completeTask, confirmTakenCompletion, openTask, releaseTask, settleUndeliveredCompletion } from '#shared/domain/transitions/tasks.ts';
import type { HumanStepPayload } from '#shared/flows/human-step.ts';
import { httpErrorOf } from '#shared/http/middleware.ts';

const t0 = '2026-01-01T00:00:00.000Z';
const t1 = '2026-01-01T01:00:00.000Z';
const issueId = 'iss-01KBGT3X0000000000000000AB';
const outcomes = [
  { id: 'confirmed_defect', label: { zh: '确认缺陷', en: 'Confirmed defect' }, fields: [{ name: 'findings', type: 'text' as const, required: true, label: { zh: '发现', en: 'Findings' } }] },
  { id: 'reroute', label: { zh: '转交', en: 'Reroute' }, fields: [{ name: 'toDepartment', type: 'department' as const, required: true, label: { zh: '部门', en: 'Department' } }] },
];
const task = (overrides: Partial<TaskRecord> = {}): TaskWithToken => ({
  taskId: 'tsk-1', issueId, flowId: 'product-defect', step: 'triage', stepName: { zh: '分诊', en: 'Triage' }, department: 'service', status: 'open',
  createdAt: t0, dueAt: '2026-01-01T04:00:00.000Z', outcomes, taskToken: 'token', executionArn: 'arn:exec', stateName: 'Triage the issue', attempt: 0, ...overrides,
});
const issue = (overrides: Partial<IssueRecord> = {}): IssueRecord => ({
  issueId, customerId: 'cus-1', status: 'open', flowId: 'product-defect', flowVersion: 1, category: 'product-defect', subject: 'Pump', description: 'Dead',
  createdAt: t0, updatedAt: t0, holders: [{ department: 'service', since: t0, taskId: 'tsk-1' }], reroutes: 0, bounces: 0, clocks: {}, path: ['triage'], eventCount: 3, ...overrides,
});
const service: Caller = { username: 'service', groups: ['service'] };
const service2: Caller = { username: 'service2', groups: ['service'] };
const sales: Caller = { username: 'sales', groups: ['sales'] };
const manager: Caller = { username: 'manager', groups: ['managers'] };
const held = task({ status: 'claimed', claimedBy: 'service' });
const body = { outcome: 'confirmed_defect', fields: { findings: 'Seal' }, note: undefined, packet: { summary: 'Seal worn', done: undefined, promised: undefined } };

/** The refusal as clients see it: the status the middleware gives the domain error, and its code. */
function refusal(action: () => unknown): { status: number; code: string } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const http = httpErrorOf(error)!;
    return { status: http.statusCode, code: http.code };
  }
}

describe('opening a task', () => {
  const step: HumanStepPayload = {
    taskToken: 'token', executionArn: 'arn:exec', issueId, flowId: 'product-defect', stateName: 'Find the root cause', enteredAt: t0, attempt: 0,
    department: 'production', step: 'root_cause', stepName: { zh: '根因', en: 'Root cause' }, outcomes, slaSeconds: 3600,
  };
  it('puts the task in its department queue, makes the department a holder and counts it open', () => {
    const change = openTask(issue({ holders: [], path: ['triage'] }), { step, slaSeconds: 3600 }, t1);
    expect(change.events.map((event) => event.type)).toEqual(['task_opened']);
    expect(change.tasks).toEqual([{ next: expect.objectContaining({ taskId: taskIdFor(step), status: 'open', department: 'production', dueAt: '2026-01-01T02:00:00.000Z' }) }]);
    expect(change.set).toEqual({ holders: [{ department: 'production', since: t1, taskId: taskIdFor(step) }], path: ['triage', 'root_cause'], status: 'open' });
    expect(change.figures).toEqual({ 'root_cause|open': 1 });
  });
  it('the issue’s first task records the flow version its execution runs on and that the execution runs; later ones do not', () => {
    const first = openTask(issue({ holders: [], path: [] }), { step: { ...step, flowVersion: 2 }, slaSeconds: 3600 }, t1);
    expect(first.events.map((event) => event.type)).toEqual(['flow_started', 'task_opened']);
    expect(first.set).toMatchObject({ flowVersion: 2, flowStartedAt: t1 });
    expect(first.executionConfirmed).toBe('arn:exec');
    expect(first.figures).toEqual({ 'flow|started': 1, 'root_cause|open': 1 });
    const later = openTask(issue({ flowStartedAt: t0, executionArn: 'arn:exec' }), { step: { ...step, flowVersion: 2 }, slaSeconds: 3600 }, t1);
    expect(later.events.map((event) => event.type)).toEqual(['task_opened']);
    expect(later.executionConfirmed).toBeUndefined();
  });
  it('a routed step opens in the department it was routed to; a restored one is due from its entry', () => {
    const change = openTask(issue(), { step: { ...step, routedTo: 'sales' }, slaSeconds: 3600, restored: true }, t1);
    expect(change.tasks?.[0]?.next).toMatchObject({ department: 'sales', homeDepartment: 'production', dueAt: '2026-01-01T01:00:00.000Z' });
    expect(change.events.map((event) => event.type)).toEqual(['task_opened', 'task_restored']);
  });
  it('a step rerouted after the issue’s first reroute offers the holder the reroute a manager decides, and names the step from shared/flows/step-names.ts', () => {
    // Prepare: the root cause, rerouted to sales; its payload carries an older definition's name.
    const rerouted = { ...step, step: 'root-cause', routedTo: 'sales' as const, stepName: { zh: '旧名', en: 'Old name' } };
    // Act
    const task = openTask(issue({ reroutes: 1 }), { step: rerouted, slaSeconds: 3600 }, t1).tasks?.[0]?.next;
    // Assess
    expect(task?.outcomes.map((outcome) => outcome.label.en)).toEqual(['Confirmed defect', 'Not ours either: a manager decides who owns it']);
    expect(task?.outcomes[1]?.fields[0]?.required).toBe(false);
    expect(task?.stepName).toEqual({ zh: '根因分析', en: 'Find the root cause' });
  });
  it('a manager’s task makes the issue escalated', () => {
    expect(openTask(issue(), { step: { ...step, routedTo: undefined, department: 'management' }, slaSeconds: 60 }, t1).set?.status).toBe('escalated');
  });
  it('the task id names its issue, so a claim reads both at once; ids of other issues do not', () => {
    expect(issueIdOfTask(taskIdFor(step))).toBe(issueId);
    expect(taskIdFor(step)).toBe(taskIdFor({ ...step }));
    expect(taskIdFor({ ...step, attempt: 1 })).not.toBe(taskIdFor(step));
    expect(issueIdOfTask('tsk-abcdefghijklmnopqrstuvwxyz')).toBeUndefined();
  });
});

describe('claiming a task', () => {
  it('staff of the task department take an open task; it moves from open to claimed', () => {
    const change = claimTask(task(), service, t1);
    expect(change.result).toMatchObject({ status: 'claimed', claimedBy: 'service' });
    expect(change.tasks?.[0]).toMatchObject({ previous: { status: 'open' }, next: { status: 'claimed' } });
    expect(change.figures).toEqual({ 'triage|open': -1, 'triage|claimed': 1 });
  });
  it('the holder claiming again is an idempotent repeat', () => {
    expect(claimTask(held, service, t1)).toEqual({ events: [], result: expect.objectContaining({ claimedBy: 'service' }) });
  });
  it('a second claim of a held task is refused as already_claimed', () => {
    expect(refusal(() => claimTask(held, service2, t1))).toEqual({ status: 409, code: 'already_claimed' });
  });
  it('a finished task cannot be claimed', () => {
    for (const status of ['completed', 'cancelled', 'expired'] as const) expect(refusal(() => claimTask(task({ status }), service, t1))).toEqual({ status: 409, code: 'task_closed' });
  });
  it('another department gets 403 whatever the task state', () => {
    for (const status of ['open', 'claimed', 'completed'] as const) {
      expect(refusal(() => claimTask(task({ status, claimedBy: 'service' }), sales, t1))).toEqual({ status: 403, code: 'forbidden' });
    }
  });
  it('managers may claim in any department, and only managers in the management queue', () => {
    expect(claimTask(task(), manager, t1).result.claimedBy).toBe('manager');
    expect(claimTask(task({ department: 'management' }), manager, t1).result.claimedBy).toBe('manager');
    expect(refusal(() => claimTask(task({ department: 'management' }), service, t1))).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe('releasing a task', () => {
  it('the holder or a manager releases; a colleague may not', () => {
    expect(releaseTask(held, service).result).toMatchObject({ status: 'open' });
    expect(releaseTask(held, manager).events[0]).toMatchObject({ type: 'task_released', data: { heldBy: 'service' } });
    expect(refusal(() => releaseTask(held, service2))).toEqual({ status: 409, code: 'not_claimed' });
    expect(refusal(() => releaseTask(task(), service))).toEqual({ status: 409, code: 'not_claimed' });
  });
});

describe('completing a task', () => {
  it('the holder completes: the task closes, the department’s clock keeps its time, the packet becomes the next handoff', () => {
    const change = completeTask(issue(), held, { caller: service, body }, t1);
    expect(change.result).toMatchObject({ kind: 'completed', callback: { taskToken: 'token', result: { outcome: 'confirmed_defect', fields: {}, completedBy: 'service' } } });
    expect(change.set).toMatchObject({ holders: [], clocks: { service: 3600 }, status: 'open', latestHandoff: { from: 'staff', summary: 'Seal worn' } });
    expect(change.tasks?.[0]).toMatchObject({ next: { status: 'completed', completedFields: { findings: 'Seal' } }, pendingCallbackSince: t1 });
    expect(change.figures).toEqual({ 'triage|claimed': -1, 'triage|completed': 1 });
  });
  it('only the holder completes; a manager must claim first; a completed task is closed', () => {
    expect(refusal(() => completeTask(issue(), held, { caller: manager, body }, t1))).toEqual({ status: 409, code: 'not_claimed' });
    expect(refusal(() => completeTask(issue(), task(), { caller: service, body }, t1))).toEqual({ status: 409, code: 'not_claimed' });
    expect(refusal(() => completeTask(issue(), task({ status: 'completed', claimedBy: 'service' }), { caller: service, body }, t1))).toEqual({ status: 409, code: 'task_closed' });
  });
  it('permission is checked before anything else: another department learns nothing, not even the outcomes', () => {
    expect(() => completeTask(issue(), held, { caller: sales, body: { ...body, outcome: 'nonsense' } }, t1)).toThrow(ForbiddenError);
  });
  it('an unknown outcome or a reroute to the holding department is a 400 naming the field', () => {
    expect(() => completeTask(issue(), held, { caller: service, body: { ...body, outcome: 'nonsense' } }, t1)).toThrow(InvalidInputError);
    expect(refusal(() => completeTask(issue(), held, { caller: service, body: { ...body, outcome: 'reroute', fields: { toDepartment: 'service' } } }, t1))).toEqual({ status: 400, code: 'invalid_request' });
  });
  it('after the SLA expired, the person who held the claim records a late completion: kept, not sent, the task unchanged', () => {
    const expired = task({ status: 'expired', heldBy: 'service' });
    const change = completeTask(issue(), expired, { caller: service, body }, t1);
    expect(change).toMatchObject({ events: [{ type: 'late_completion' }], result: { kind: 'late' } });
    expect(change.tasks).toBeUndefined();
    expect(refusal(() => completeTask(issue(), expired, { caller: service2, body }, t1))).toEqual({ status: 409, code: 'task_closed' });
    expect(refusal(() => completeTask(issue(), expired, { caller: manager, body }, t1))).toEqual({ status: 409, code: 'task_closed' });
    expect(refusal(() => completeTask(issue(), expired, { caller: sales, body }, t1))).toEqual({ status: 403, code: 'forbidden' });
    expect(refusal(() => completeTask(issue(), task({ status: 'expired' }), { caller: service, body }, t1))).toEqual({ status: 409, code: 'task_closed' });
  });
});

describe('the flow closing a step', () => {
  it('a breach expires the active task, keeps who held it and counts it breached', () => {
    const change = closeTaskByFlow(issue(), { tasks: [held], status: 'expired' }, t1);
    expect(change.events[0]).toMatchObject({ type: 'sla_breached', data: { heldBy: 'service' } });
    expect(change.tasks?.[0]?.next).toMatchObject({ status: 'expired', heldBy: 'service' });
    expect(change.tasks?.[0]?.next.claimedBy).toBeUndefined();
    expect(change.figures).toEqual({ 'triage|claimed': -1, 'triage|breached': 1 });
  });
  it('the repair says so in the history; with no active task and nothing pending, nothing changes', () => {
    expect(closeTaskByFlow(issue(), { tasks: [task()], status: 'cancelled', repaired: true }, t1).events.map((event) => event.type)).toEqual(['task_cancelled', 'task_closed_by_repair']);
    expect(closeTaskByFlow(issue(), { tasks: [task({ status: 'completed' })], status: 'expired' }, t1)).toEqual({ events: [], result: undefined });
  });
  it('a completion the flow never took ends expired as a late completion; one it took is confirmed', () => {
    const pending = task({ status: 'completed', callbackPending: true, callbackResult: { taskId: 'tsk-1', outcome: 'confirmed_defect', fields: {}, department: 'service', completedBy: 'service' } });
    const late = closeTaskByFlow(issue(), { tasks: [pending], status: 'expired' }, t1);
    expect(late.events[0]).toMatchObject({ type: 'late_completion', data: { completedBy: 'service' } });
    expect(late.tasks?.[0]).toMatchObject({ next: { status: 'expired' }, requirePendingCallback: true });
    expect(settleUndeliveredCompletion(pending).events[0]?.type).toBe('late_completion');
    expect(confirmTakenCompletion(pending).events[0]?.type).toBe('completion_confirmed');
    expect(confirmTakenCompletion(task({ status: 'completed' }))).toEqual({ events: [], result: undefined });
  });
});
