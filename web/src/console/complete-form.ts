// Completing a task: one of the step's outcomes, a form generated from that outcome's fields, the
// handoff packet (summary required; what was done, what was promised) and an internal note.
import { useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, ApiError, fieldProblemText, type FieldProblem } from '../api.ts';
import { Field, showRefusal } from '../components/field.ts';
import { departmentName, pick, t } from '../i18n.ts';
import type { Outcome, OutcomeField, Task } from './issue-data.ts';
import { staffDepartments } from './session.ts';

type Value = string | boolean;

/** Turns what the inputs hold into the types the outcome declares; blanks are left out. */
export function fieldValues(outcome: Outcome, values: Record<string, Value>): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const field of outcome.fields) {
    const value = values[field.name];
    if (field.type === 'boolean') {
      result[field.name] = value === true;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (field.type === 'number') {
      const number = Number(value);
      result[field.name] = Number.isFinite(number) ? number : value;
    } else {
      result[field.name] = value;
    }
  }
  return result;
}

/** `onCompleted` gets the chosen outcome's label: what happened next is for the issue view to find out. */
export function CompleteForm({ task, onCompleted, onUnauthorized }: { task: Task; onCompleted: (outcome: string) => void; onUnauthorized: () => void }) {
  const [outcomeId, setOutcomeId] = useState(task.outcomes[0]?.id ?? '');
  const [values, setValues] = useState<Record<string, Value>>({});
  const [packet, setPacket] = useState({ summary: '', done: '', promised: '' });
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const outcome = task.outcomes.find((candidate) => candidate.id === outcomeId);
  const prefix = `complete-${task.taskId}`;
  const errorOf = (path: string) => (problems[path] ? fieldProblemText(problems[path]) : undefined);

  async function submit(event: Event) {
    event.preventDefault();
    if (!outcome || busy) return;
    setBusy(true);
    setError(undefined);
    const optional = (value: string) => (value.trim() === '' ? undefined : value);
    try {
      await api('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/complete`, {
        auth: true,
        body: {
          outcome: outcome.id,
          fields: fieldValues(outcome, values),
          note: optional(note),
          packet: { summary: packet.summary, done: optional(packet.done), promised: optional(packet.promised) },
        },
      });
      setProblems({});
      onCompleted(pick(outcome.label) || outcome.id);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      showRefusal(failure, form.current, { problems: setProblems, error: setError });
    } finally {
      setBusy(false);
    }
  }

  const setValue = (name: string, value: Value) => setValues({ ...values, [name]: value });

  function control(field: OutcomeField) {
    const id = `${prefix}-field-${field.name}`;
    const label = pick(field.label) || field.name;
    const error = errorOf(`fields.${field.name}`);
    const value = values[field.name];
    if (field.type === 'boolean') {
      return html`<div class=${`field checkbox-field ${error ? 'has-error' : ''}`}>
        ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
        <input type="checkbox" id=${id} checked=${value === true} aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined}
          onChange=${(event: Event) => setValue(field.name, (event.target as HTMLInputElement).checked)} />
        <label for=${id}>${label}</label>
      </div>`;
    }
    const onInput = (event: Event) => setValue(field.name, (event.target as HTMLInputElement).value);
    const text = typeof value === 'string' ? value : '';
    const input =
      field.type === 'text'
        ? html`<textarea name=${field.name} rows="3" required=${field.required} value=${text} onInput=${onInput}></textarea>`
        : field.type === 'number'
          ? html`<input name=${field.name} type="number" step="any" inputmode="decimal" required=${field.required} value=${text} onInput=${onInput} />`
          : field.type === 'date'
            ? html`<input name=${field.name} type="date" required=${field.required} value=${text} onInput=${onInput} />`
            : html`<select name=${field.name} required=${field.required} value=${text} onChange=${onInput}>
                <option value="">${t('chooseDepartment')}</option>
                ${staffDepartments.filter((department) => department !== task.department).map((department) => html`<option value=${department}>${departmentName(department)}</option>`)}
              </select>`;
    return html`<${Field} id=${id} label=${label} optional=${!field.required} error=${error}>${input}</${Field}>`;
  }

  return html`<form ref=${form} class="stack complete-form" noValidate onSubmit=${submit} aria-labelledby=${`${prefix}-title`}>
    <h3 id=${`${prefix}-title`}>${t('completeTitle', { step: pick(task.stepName) })}</h3>
    ${error ? html`<div class="notice notice-error" role="alert" tabindex="-1">${error}</div>` : null}
    <fieldset>
      <legend>${t('outcome')}</legend>
      <p class="hint">${t('outcomeHint')}</p>
      ${errorOf('outcome') ? html`<p class="field-error">${errorOf('outcome')}</p>` : null}
      <div class="radio-list">
        ${task.outcomes.map(
          (option) => html`<label class="radio">
            <input type="radio" name=${`${prefix}-outcome`} value=${option.id} checked=${option.id === outcomeId} onChange=${() => setOutcomeId(option.id)} />
            <span>${pick(option.label) || option.id}</span>
          </label>`,
        )}
      </div>
    </fieldset>
    ${outcome && outcome.fields.length > 0 ? html`<div class="stack outcome-fields">${outcome.fields.map(control)}</div>` : null}
    <fieldset>
      <legend>${t('handoffPacket')}</legend>
      <p class="hint">${t('handoffPacketHint')}</p>
      <${Field} id=${`${prefix}-summary`} label=${t('summary')} error=${errorOf('packet.summary')}>
        <textarea name="summary" rows="2" required value=${packet.summary} onInput=${(event: Event) => setPacket({ ...packet, summary: (event.target as HTMLTextAreaElement).value })}></textarea>
      </${Field}>
      <${Field} id=${`${prefix}-done`} label=${t('done')} optional error=${errorOf('packet.done')}>
        <textarea name="done" rows="2" value=${packet.done} onInput=${(event: Event) => setPacket({ ...packet, done: (event.target as HTMLTextAreaElement).value })}></textarea>
      </${Field}>
      <${Field} id=${`${prefix}-promised`} label=${t('promised')} optional error=${errorOf('packet.promised')}>
        <textarea name="promised" rows="2" value=${packet.promised} onInput=${(event: Event) => setPacket({ ...packet, promised: (event.target as HTMLTextAreaElement).value })}></textarea>
      </${Field}>
    </fieldset>
    <${Field} id=${`${prefix}-note`} label=${t('note')} optional error=${errorOf('note')}>
      <textarea name="note" rows="2" value=${note} onInput=${(event: Event) => setNote((event.target as HTMLTextAreaElement).value)}></textarea>
    </${Field}>
    <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('completing') : t('completeTask')}</button></div>
  </form>`;
}
