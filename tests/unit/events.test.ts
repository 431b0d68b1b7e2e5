// Stored events are parsed with the union of event types: every shape Baton writes today parses,
// nothing in it is lost, and what no type declares is refused.
import { describe, expect, it } from 'vitest';
import { eventSchema, eventTypes } from '#shared/domain/events.ts';

const base = { issueId: 'iss-1', at: '2026-11-23T10:00:00.000Z', visibility: 'internal' as const };
const system = { kind: 'system' as const };
const staff = { kind: 'staff' as const, username: 'service' };
const stepName = { zh: '分诊', en: 'Triage' };
const packet = { summary: 'Pump dead', promised: 'A call today' };

/** One event of each type as its writer stores it (item attributes `pk`, `sk`, `entity` included). */
const stored: Array<Record<string, unknown>> = [
  { type: 'issue_submitted', actor: { kind: 'customer' }, visibility: 'customer', text: 'It broke', data: { subject: 'Pump', category: 'product-defect', orderRef: 'PO-1' } },
  { type: 'customer_message', actor: { kind: 'customer' }, text: 'Again', data: { unverified: true, via: 'intake_form', subject: 'Pump', category: 'product-defect' } },
  { type: 'customer_message', actor: { kind: 'customer' }, visibility: 'customer', text: 'PX-77', data: { via: 'tracking', answers: ['triage'] } },
  { type: 'note_added', actor: staff, department: 'service', text: 'Called', data: {} },
  { type: 'correction_added', actor: staff, department: 'service', text: 'Not called', data: {}, corrects: 4 },
  { type: 'flow_started', actor: system, data: { flowId: 'product-defect', flowVersion: 2 } },
  { type: 'issue_closed', actor: system, visibility: 'customer', data: { resolution: 'replaced' } },
  { type: 'task_opened', actor: system, department: 'sales', data: { taskId: 'tsk-1', step: 'triage', stepName, dueAt: '2026-11-23T14:00:00.000Z', homeDepartment: 'service' } },
  { type: 'task_claimed', actor: staff, department: 'service', data: { taskId: 'tsk-1', step: 'triage' } },
  { type: 'task_released', actor: staff, department: 'service', data: { taskId: 'tsk-1', step: 'triage', heldBy: 'service' } },
  { type: 'task_completed', actor: staff, department: 'service', text: 'note', data: { taskId: 'tsk-1', step: 'triage', outcome: 'defect', fields: { serial: 'PX-77', urgent: true }, packet } },
  { type: 'late_completion', actor: staff, department: 'service', data: { taskId: 'tsk-1', step: 'triage', outcome: 'defect', fields: {}, packet, explanation: 'After the SLA' } },
  { type: 'late_completion', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', outcome: 'defect', completedBy: 'service', explanation: 'The flow moved on' } },
  { type: 'completion_confirmed', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', outcome: 'defect', explanation: 'Confirmed' } },
  { type: 'sla_breached', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', dueAt: '2026-11-23T14:00:00.000Z', heldBy: 'service' } },
  { type: 'task_cancelled', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', dueAt: '2026-11-23T14:00:00.000Z' } },
  { type: 'task_restored', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', explanation: 'Opened again' } },
  { type: 'task_closed_by_repair', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', explanation: 'Closed' } },
  { type: 'issue_rerouted', actor: staff, department: 'service', text: 'Not ours', data: { taskId: 'tsk-1', step: 'triage', from: 'service', to: 'sales', reroutes: 1 } },
  { type: 'issue_bounced', actor: system, department: 'service', data: { taskId: 'tsk-1', step: 'triage', from: 'sales', to: 'service' } },
  { type: 'customer_asked', actor: staff, department: 'service', visibility: 'customer', text: 'Serial?', data: { step: 'triage', taskId: 'tsk-1' } },
  { type: 'customer_reminded', actor: system, visibility: 'customer', text: 'Serial?', data: { step: 'triage', taskId: 'tsk-1' } },
  { type: 'customer_no_reply', actor: system, text: 'No reply to: Serial?', data: { step: 'triage', askedAt: '2026-11-23T10:00:00.000Z' } },
  { type: 'customer_message', actor: { kind: 'customer' }, visibility: 'customer', text: 'PX-78', data: { via: 'tracking', answers: ['triage'], askedBy: ['service'] } },
  { type: 'customer_rated', actor: { kind: 'customer' }, visibility: 'customer', text: 'Quick', data: { rating: 5 } },
  { type: 'customer_unsubscribed', actor: { kind: 'customer' }, data: {} },
  { type: 'tracking_code_renewed', actor: { kind: 'customer' }, data: { generation: 2 } },
  { type: 'issue_reopened', actor: { kind: 'customer' }, visibility: 'customer', text: 'Still broken', data: { reopens: 1, department: 'service', closedAt: '2026-11-23T10:00:00.000Z' } },
  { type: 'coordinator_assigned', actor: system, data: { username: 'service', step: 'triage', because: 'first_step_completed' } },
  { type: 'coordinator_changed', actor: staff, department: 'management', text: 'Knows the customer', data: { from: null, to: 'service2' } },
  { type: 'task_returned_to_asker', actor: system, department: 'service', data: { taskId: 'tsk-2', step: 'triage', username: 'service' } },
].map((event, index) => ({ pk: 'ISSUE#iss-1', sk: `EVENT#${String(index + 1).padStart(6, '0')}`, entity: 'event', ...base, seq: index + 1, ...event }));

describe('stored events', () => {
  it('parse as their type, whatever type, with every field the writer stored', () => {
    // Act
    const parsed = stored.map((item) => eventSchema.parse(item));
    // Assess
    expect(new Set(parsed.map((event) => event.type))).toEqual(new Set(eventTypes));
    for (const [index, event] of parsed.entries()) {
      const { pk: _pk, sk: _sk, entity: _entity, ...written } = stored[index]!;
      expect(event).toEqual(written);
    }
  });

  it('keep data fields a newer writer added', () => {
    const item = { ...stored[8], data: { taskId: 'tsk-1', step: 'triage', claimedVia: 'mobile' } };
    expect(eventSchema.parse(item).data).toEqual({ taskId: 'tsk-1', step: 'triage', claimedVia: 'mobile' });
  });

  it('refuse a type no module declares, and a type without the data it must carry', () => {
    expect(eventSchema.safeParse({ ...stored[3], type: 'issue_teleported' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...stored[10], data: { taskId: 'tsk-1', step: 'triage' } }).success).toBe(false);
  });
});
