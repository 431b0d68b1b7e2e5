import { describe, expect, it } from 'vitest';
import { checkReroute, decisionFields, isCalendarDate, validateOutcome, type CompleteTask } from '#shared/domain/completion.ts';
import { InvalidInputError } from '#shared/domain/errors.ts';
import type { Outcome } from '#shared/domain/task.ts';

const outcomes: Outcome[] = [
  {
    id: 'shipped',
    label: { zh: '已发货', en: 'Shipped' },
    fields: [
      { name: 'shipmentRef', type: 'text', required: true, label: { zh: '运单号', en: 'Shipment reference' } },
      { name: 'expectedDelivery', type: 'date', required: true, label: { zh: '预计送达', en: 'Expected delivery' } },
      { name: 'amount', type: 'number', required: false, label: { zh: '金额', en: 'Amount' } },
      { name: 'toDepartment', type: 'department', required: false, label: { zh: '部门', en: 'Department' } },
    ],
  },
];
const body = (fields: Record<string, unknown>, outcome = 'shipped'): CompleteTask => ({ outcome, fields, note: undefined, packet: { summary: 's', done: undefined, promised: undefined } });

function fieldsRefused(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.details.map((detail) => `${detail.field}:${detail.code}`);
    throw error;
  }
  return [];
}

describe('completing with an outcome', () => {
  it('accepts the declared fields and trims text', () => {
    const result = validateOutcome(outcomes, body({ shipmentRef: '  SF123 ', expectedDelivery: '2026-12-01', amount: 12.5 }));
    expect(result.outcome.id).toBe('shipped');
    expect(result.fields).toEqual({ shipmentRef: 'SF123', expectedDelivery: '2026-12-01', amount: 12.5 });
  });
  it('an unknown outcome is a 400 naming outcome', () => {
    expect(fieldsRefused(() => validateOutcome(outcomes, body({}, 'lost')))).toEqual(['outcome:unknown_outcome']);
  });
  it('a missing required field is named, blank counts as missing', () => {
    expect(fieldsRefused(() => validateOutcome(outcomes, body({ shipmentRef: '   ' })))).toEqual([
      'fields.shipmentRef:required',
      'fields.expectedDelivery:required',
    ]);
  });
  it('wrong types, impossible dates, unknown departments and unknown fields are named', () => {
    expect(
      fieldsRefused(() => validateOutcome(outcomes, body({ shipmentRef: 5, expectedDelivery: '2026-02-30', amount: '3', toDepartment: 'legal', extra: 1 }))),
    ).toEqual(['fields.extra:unknown_field', 'fields.shipmentRef:invalid_type', 'fields.expectedDelivery:invalid_date', 'fields.amount:invalid_type', 'fields.toDepartment:invalid_value']);
  });
  it('dates are YYYY-MM-DD calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-2-9')).toBe(false);
  });
});

describe('what a completion hands to the flow', () => {
  it('decisions only: numbers, dates and departments reach the flow, text stays in DynamoDB', () => {
    const { outcome, fields } = validateOutcome(outcomes, body({ shipmentRef: 'SF123', expectedDelivery: '2026-12-01', amount: 3, toDepartment: 'sales' }));
    expect(decisionFields(outcome, fields)).toEqual({ expectedDelivery: '2026-12-01', amount: 3, toDepartment: 'sales' });
  });

  it('a reroute to the department already holding the step is a 400 naming toDepartment', () => {
    expect(fieldsRefused(() => checkReroute('service', 'reroute', { reason: 'x', toDepartment: 'service' }))).toEqual(['fields.toDepartment:same_department']);
    expect(fieldsRefused(() => checkReroute('service', 'reroute', { reason: 'x', toDepartment: 'sales' }))).toEqual([]);
  });
});
