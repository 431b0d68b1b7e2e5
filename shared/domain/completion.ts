// Completing a task: the body, and the rule that a step cannot be completed without the fields its
// outcome requires (data capture by design).
import { z } from 'zod';
import { InvalidInputError, type FieldProblem } from '#shared/domain/errors.ts';
import { optionalText, requiredText } from '#shared/domain/fields.ts';
import { departments } from '#shared/domain/staff.ts';
import type { Outcome, OutcomeField } from '#shared/domain/task.ts';

export const handoffPacketSchema = z.strictObject({
  summary: requiredText(2_000),
  done: optionalText(4_000),
  promised: optionalText(2_000),
});
export type HandoffPacket = z.infer<typeof handoffPacketSchema>;

export const completeTaskBody = z.strictObject({
  outcome: requiredText(100),
  fields: z.record(z.string(), z.unknown()).optional(),
  note: optionalText(5_000),
  packet: handoffPacketSchema,
});
export type CompleteTask = z.infer<typeof completeTaskBody>;

export type FieldValue = string | number | boolean;

function checkField(field: OutcomeField, value: unknown): { value?: FieldValue; problem?: Omit<FieldProblem, 'field'> } {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return field.required ? { problem: { code: 'required', message: `${field.label.en} is required for this outcome.` } } : {};
  }
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return { problem: { code: 'invalid_type', message: 'Expected text.' } };
      if (value.trim().length > 4_000) return { problem: { code: 'too_long', message: 'At most 4000 characters.' } };
      return { value: value.trim() };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? { value }
        : { problem: { code: 'invalid_type', message: 'Expected a number.' } };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { problem: { code: 'invalid_type', message: 'Expected true or false.' } };
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? { value }
        : { problem: { code: 'invalid_date', message: 'Expected a date as YYYY-MM-DD.' } };
    case 'department':
      return typeof value === 'string' && (departments as readonly string[]).includes(value)
        ? { value }
        : { problem: { code: 'invalid_value', message: `Expected one of: ${departments.join(', ')}.` } };
  }
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The outcomes every department step offers after its own ones (see workflows/README.md). */
export const rerouteOutcomeId = 'reroute';
export const askCustomerOutcomeId = 'ask_customer';

/** A reroute hands the step to another department: naming the department that holds it is refused. */
export function checkReroute(taskDepartment: string, outcomeId: string, fields: Record<string, FieldValue>): void {
  if (outcomeId === rerouteOutcomeId && fields.toDepartment === taskDepartment) {
    throw new InvalidInputError([{ field: 'fields.toDepartment', code: 'same_department', message: 'Reroute to another department than the one holding the step.' }]);
  }
}

/**
 * What the flow receives of a completion: decisions only (numbers, dates, yes/no, departments).
 * Text stays in DynamoDB (the task_completed event), keeping Step Functions payloads small.
 */
export function decisionFields(outcome: Outcome, fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const decisive = new Set(outcome.fields.filter((field) => field.type !== 'text').map((field) => field.name));
  return Object.fromEntries(Object.entries(fields).filter(([name]) => decisive.has(name)));
}

/** Checks the chosen outcome and its fields against what the step declares; returns clean values. */
export function validateOutcome(outcomes: Outcome[], body: CompleteTask): { outcome: Outcome; fields: Record<string, FieldValue> } {
  const outcome = outcomes.find((candidate) => candidate.id === body.outcome);
  if (!outcome) {
    throw new InvalidInputError([
      { field: 'outcome', code: 'unknown_outcome', message: `Must be one of: ${outcomes.map((o) => o.id).join(', ')}.` },
    ]);
  }
  const given = body.fields ?? {};
  const problems: FieldProblem[] = Object.keys(given)
    .filter((name) => !outcome.fields.some((field) => field.name === name))
    .map((name) => ({ field: `fields.${name}`, code: 'unknown_field', message: `Outcome ${outcome.id} has no field "${name}".` }));
  const fields: Record<string, FieldValue> = {};
  for (const field of outcome.fields) {
    const checked = checkField(field, given[field.name]);
    if (checked.problem) problems.push({ field: `fields.${field.name}`, ...checked.problem });
    else if (checked.value !== undefined) fields[field.name] = checked.value;
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return { outcome, fields };
}
