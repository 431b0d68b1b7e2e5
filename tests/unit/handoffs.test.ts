// The issue 360's list of handoffs, read from the history.
import { describe, expect, it } from 'vitest';
import { handoffsOf } from '#shared/domain/handoff.ts';

const at = '2026-11-23T10:00:00.000Z';

describe('handoffsOf', () => {
  it('lists completion packets, answering customer replies and no-reply notes in order, and nothing else', () => {
    const handoffs = handoffsOf([
      { type: 'issue_submitted', at, actor: { kind: 'customer' }, text: 'It broke', data: { subject: 'Pump', category: 'product-defect' } },
      {
        type: 'task_completed',
        at,
        actor: { kind: 'staff', username: 'service' },
        department: 'service',
        data: { taskId: 'tsk-1', step: 'triage', outcome: 'defect_confirmed', fields: {}, packet: { summary: 'Pump dead', promised: 'A call today' } },
      },
      { type: 'customer_message', at, actor: { kind: 'customer' }, text: 'Just a remark', data: { via: 'tracking' } },
      { type: 'customer_message', at, actor: { kind: 'customer' }, text: 'Serial PX-77', data: { via: 'tracking', answers: ['triage'] } },
      { type: 'late_completion', at, actor: { kind: 'staff', username: 'sales' }, department: 'sales', data: { taskId: 'tsk-2', step: 'offer', explanation: 'After the SLA', packet: { summary: 'Too late' } } },
      { type: 'customer_no_reply', at, actor: { kind: 'system' }, text: 'No reply from the customer to: Which invoice?', data: { step: 'review', askedAt: at } },
    ]);
    expect(handoffs).toEqual([
      { from: 'staff', at, summary: 'Pump dead', promised: 'A call today', taskId: 'tsk-1', step: 'triage', department: 'service', by: 'service' },
      { from: 'customer', at, summary: 'Serial PX-77' },
      { from: 'system', at, summary: 'No reply from the customer to: Which invoice?', step: 'review' },
    ]);
  });

  it('is empty for an issue nobody has handed over yet', () => {
    expect(handoffsOf([{ type: 'issue_submitted', at, actor: { kind: 'customer' }, data: { subject: 'Pump', category: 'product-defect' } }])).toEqual([]);
  });
});
