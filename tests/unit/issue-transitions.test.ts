// The issue's own transitions, customer waits and reroutes as pure functions: state, input and time
// in, the change out. No DynamoDB.
import { describe, expect, it } from 'vitest';
import type { CustomerWait, CustomerWaitStep } from '#shared/domain/customer-wait.ts';
import type { IssueRecord } from '#shared/domain/issue.ts';
import { stepEntryDigest } from '#shared/domain/step-identity.ts';
import type { TaskRecord } from '#shared/domain/task.ts';
import { answerCustomerWaits, endWaitWithoutReply, waitForCustomer } from '#shared/domain/transitions/customer-waits.ts';
import { closeIssue, recordFlowStarted } from '#shared/domain/transitions/issue.ts';
import { recordReroute } from '#shared/domain/transitions/reroute.ts';

const t0 = '2026-01-01T00:00:00.000Z';
const t1 = '2026-01-01T01:00:00.000Z';
const issue = (overrides: Partial<IssueRecord> = {}): IssueRecord => ({
  issueId: 'iss-1', customerId: 'cus-1', status: 'open', flowId: 'product-defect', flowVersion: 1, category: 'product-defect', subject: 'Pump', description: 'Dead',
  createdAt: t0, updatedAt: t0, holders: [], reroutes: 0, bounces: 0, clocks: {}, path: ['triage'], eventCount: 3, ...overrides,
});
const task = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  taskId: 'tsk-1', issueId: 'iss-1', flowId: 'product-defect', step: 'triage', stepName: { zh: '分诊', en: 'Triage' }, department: 'service', status: 'completed',
  createdAt: t0, dueAt: t1, outcomes: [], taskToken: 'token', executionArn: 'arn:exec', stateName: 'Triage the issue', attempt: 0, ...overrides,
});
const askStep: CustomerWaitStep = { taskToken: 'wait-token', executionArn: 'arn:exec', issueId: 'iss-1', flowId: 'product-defect', stateName: 'Ask the customer about triage', enteredAt: t0, attempt: 0, step: 'triage', askedIn: 'tsk-1', kind: 'question' };
const asking = task({ completedFields: { question: 'Which model?' }, callbackResult: { taskId: 'tsk-1', outcome: 'ask_customer', fields: {}, department: 'service', completedBy: 'service' } });
const waiting: CustomerWait = {
  issueId: 'iss-1', step: 'triage', entryKey: stepEntryDigest(askStep), taskToken: 'wait-token', executionArn: 'arn:exec', stateName: askStep.stateName,
  status: 'waiting', question: 'Which model?', department: 'service', askedIn: 'tsk-1', askedAt: t0,
};

describe('asking the customer', () => {
  it('the question goes on the public timeline, the issue waits for the customer and their clock starts', () => {
    const change = waitForCustomer(issue(), { step: askStep, asking }, t0);
    expect(change.events[0]).toMatchObject({ type: 'customer_asked', visibility: 'customer', text: 'Which model?', actor: { kind: 'staff', username: 'service' } });
    expect(change.set).toEqual({ status: 'waiting_customer', waitingCustomerSince: t0, customerWaits: ['triage'] });
    expect(change.waits).toEqual([{ wait: expect.objectContaining({ status: 'waiting', question: 'Which model?' }) }]);
  });
  it('a re-run step finds its own wait and changes nothing; a closed issue stays closed', () => {
    expect(waitForCustomer(issue(), { step: askStep, existing: waiting, asking }, t1)).toEqual({ events: [], result: undefined });
    expect(waitForCustomer(issue({ status: 'closed' }), { step: askStep, asking }, t0).set?.status).toBe('closed');
  });
  it('a reminder after the customer answered as the wait timed out is not sent: the reply answers it', () => {
    const reminder = { ...askStep, kind: 'reminder' as const, enteredAt: t1 };
    const change = waitForCustomer(issue(), { step: reminder, existing: { ...waiting, status: 'answered', answeredAt: t1 }, asking }, t1);
    expect(change.events).toEqual([]);
    expect(change.result).toMatchObject({ step: 'triage', taskToken: 'wait-token' });
  });
});

describe('hearing back, or not', () => {
  const asked = issue({ status: 'waiting_customer', customerWaits: ['triage'], waitingCustomerSince: t0 });
  it('a message answers every waiting step: the customer clock stops, the reply becomes the handoff', () => {
    const change = answerCustomerWaits(asked, { message: 'Model X', waits: [waiting] }, t1);
    expect(change.set).toMatchObject({ customerWaits: [], status: 'open', clocks: { customer: 3600 }, latestHandoff: { from: 'customer', summary: 'Model X' } });
    expect(change.remove).toEqual(['waitingCustomerSince']);
    expect(change.waits?.[0]).toMatchObject({ wait: { status: 'answered' }, pendingSince: t1 });
    expect(change.result).toEqual([{ issueId: 'iss-1', step: 'triage', entryKey: waiting.entryKey, taskToken: 'wait-token' }]);
  });
  it('a message while nothing waits is still stored on the timeline, and nothing else changes', () => {
    expect(answerCustomerWaits(issue(), { message: 'Hello', waits: [] }, t1)).toMatchObject({ events: [{ type: 'customer_message', text: 'Hello' }], result: [] });
  });
  it('no reply in time: the step goes back with a note for its next holder', () => {
    const change = endWaitWithoutReply(asked, { step: 'triage', wait: waiting }, t1);
    expect(change.events[0]).toMatchObject({ type: 'customer_no_reply', visibility: 'internal' });
    expect(change.set).toMatchObject({ status: 'open', latestHandoff: { from: 'system', step: 'triage' } });
    expect(endWaitWithoutReply(asked, { step: 'triage', wait: { ...waiting, status: 'answered' } }, t1).events).toEqual([]);
  });
});

describe('reroutes and bounces', () => {
  const rerouted = task({ department: 'service', completedFields: { reason: 'Not ours', toDepartment: 'sales' }, callbackResult: { taskId: 'tsk-1', outcome: 'reroute', fields: { toDepartment: 'sales' }, department: 'service', completedBy: 'service' } });
  it('a first reroute is counted once on the issue and the task, with the reason for everyone to see', () => {
    const change = recordReroute(issue(), rerouted);
    expect(change.events.map((event) => event.type)).toEqual(['issue_rerouted']);
    expect(change.set).toEqual({ reroutes: 1, bounces: 0, reroutedFrom: ['service'] });
    expect(change.rerouteCounted).toEqual({ taskId: 'tsk-1', rerouteNumber: 1 });
    expect(change.figures).toEqual({ 'flow|reroutes': 1 });
  });
  it('back to a department that already handed the issue off is a bounce; a counted reroute is not counted again', () => {
    const change = recordReroute(issue({ reroutes: 1, reroutedFrom: ['sales'] }), rerouted);
    expect(change.events.map((event) => event.type)).toEqual(['issue_rerouted', 'issue_bounced']);
    expect(change.figures).toEqual({ 'flow|reroutes': 1, 'flow|bounces': 1, 'bounce|triage|service>sales': 1 });
    expect(recordReroute(issue(), { ...rerouted, rerouteNumber: 1 })).toEqual({ events: [], result: { reroutes: 1, bounced: false } });
  });
  it('a second reroute that names no department goes to the managers, and says so', () => {
    const unnamed = task({ department: 'service', completedFields: { reason: 'Not ours either' }, callbackResult: { taskId: 'tsk-1', outcome: 'reroute', fields: {}, department: 'service', completedBy: 'service' } });
    const change = recordReroute(issue({ reroutes: 1, reroutedFrom: ['sales'] }), unnamed);
    expect(change.events.map((event) => [event.type, event.data])).toEqual([['issue_rerouted', { taskId: 'tsk-1', step: 'triage', from: 'service', to: 'management', reroutes: 2 }]]);
  });
});

describe('the issue’s own transitions', () => {
  it('the flow version is recorded once and counts the flow started', () => {
    expect(recordFlowStarted(issue(), { flowVersion: 2 }, t0)).toMatchObject({ set: { flowVersion: 2, flowStartedAt: t0 }, figures: { 'flow|started': 1 } });
    expect(recordFlowStarted(issue({ flowStartedAt: t0 }), { flowVersion: 2 }, t1).events).toEqual([]);
  });
  it('closing keeps the end-to-end time and the clocks in the figures, once', () => {
    const change = closeIssue(issue({ clocks: { service: 60 } }), { resolution: 'resolved' }, t1);
    expect(change).toMatchObject({ events: [{ type: 'issue_closed', visibility: 'customer' }], set: { status: 'closed' } });
    expect(change.figures).toMatchObject({ 'flow|closed': 1, 'flow|cycleSeconds': 3600, 'dept|service|heldSeconds': 60 });
    expect(closeIssue(issue({ status: 'closed' }), { resolution: 'resolved' }, t1).events).toEqual([]);
  });
});
