// Adding a note to an issue's history, for staff only or for the customer's timeline too, and the
// same form for correcting an earlier entry: a correction is a new entry, the original stays as it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.ts';
import { Field } from '../components/field.ts';
import { useSubmission } from '../components/submission.ts';
import { t } from '../i18n.ts';
import type { IssueEvent } from './issue-data.ts';

type Visibility = 'internal' | 'customer';

export interface Correcting {
  seq: number;
  /** The corrected entry's title, as the history shows it. */
  title: string;
}

export interface NoteFormProps {
  issueId: string;
  correcting?: Correcting;
  onCancelCorrection: () => void;
  onShowEntry: (seq: number) => void;
  onAdded: (event: IssueEvent, message: string) => void;
  onUnauthorized: () => void;
}

export function NoteForm({ issueId, correcting, onCancelCorrection, onShowEntry, onAdded, onUnauthorized }: NoteFormProps) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const form = useRef<HTMLFormElement>(null);
  const { busy, error, errorOf, clear, submit } = useSubmission({ refusal: { focusIn: form }, onUnauthorized });
  const prefix = `note-${issueId}`;

  // "Correct this" brings the person here: the form scrolls into view with the text box focused.
  useEffect(() => {
    clear();
    if (!correcting) return;
    form.current?.scrollIntoView({ block: 'center' });
    form.current?.querySelector<HTMLTextAreaElement>('textarea')?.focus({ preventScroll: true });
  }, [correcting?.seq]);

  const send = (event: Event) =>
    submit(event, async () => {
      const response = await api<{ event: IssueEvent }>('POST', `/api/issues/${encodeURIComponent(issueId)}/notes`, {
        auth: true,
        body: { text, visibility, ...(correcting ? { corrects: correcting.seq } : {}) },
      });
      setText('');
      setVisibility('internal');
      onAdded(response.body.event, t(correcting ? 'correctionAdded' : 'noteAdded'));
    });

  const visibilityError = errorOf('visibility');
  const correctsError = errorOf('corrects');
  return html`<form ref=${form} class="stack note-form" noValidate onSubmit=${send} aria-labelledby=${`${prefix}-title`}>
    <h3 id=${`${prefix}-title`}>${correcting ? t('correctTitle', { seq: correcting.seq }) : t('addNoteTitle')}</h3>
    ${error ? html`<div class="notice notice-error" role="alert" tabindex="-1">${error}</div>` : null}
    ${correcting
      ? html`<div class=${`correcting ${correctsError ? 'has-error' : ''}`}>
          ${correctsError ? html`<p class="field-error" id=${`${prefix}-corrects-error`}><span aria-hidden="true">⚠ </span>${correctsError}</p>` : null}
          <p>
            ${t('correctingWhat')}${' '}<button type="button" class="link" onClick=${() => onShowEntry(correcting.seq)}>#${correcting.seq} ${correcting.title}</button>
          </p>
          <p class="hint">${t('correctingHint')}</p>
          <button type="button" class="small" onClick=${onCancelCorrection}>${t('cancelCorrection')}</button>
        </div>`
      : html`<p class="hint">${t('noteHint')}</p>`}
    <${Field} id=${`${prefix}-text`} label=${t('noteText')} error=${errorOf('text')}>
      <textarea name="text" rows="3" required value=${text} onInput=${(event: Event) => setText((event.target as HTMLTextAreaElement).value)}></textarea>
    </${Field}>
    <fieldset class=${visibilityError ? 'has-error' : ''} aria-describedby=${visibilityError ? `${prefix}-visibility-error` : undefined}>
      <legend>${t('whoSeesIt')}</legend>
      ${visibilityError ? html`<p class="field-error" id=${`${prefix}-visibility-error`}><span aria-hidden="true">⚠ </span>${visibilityError}</p>` : null}
      <div class="radio-list">
        ${(['internal', 'customer'] as const).map(
          (option) => html`<label class=${`radio visibility-choice ${option}`}>
            <input type="radio" name=${`${prefix}-visibility`} value=${option} checked=${visibility === option} onChange=${() => setVisibility(option)} />
            <span>${t(option === 'internal' ? 'visibilityInternal' : 'visibilityCustomer')}</span>
          </label>`,
        )}
      </div>
      ${visibility === 'customer' ? html`<p class="customer-will-see">${t('customerWillSee')}</p>` : null}
    </fieldset>
    <div class="actions">
      <button type="submit" class="primary" disabled=${busy}>${busy ? t('adding') : correcting ? t('addCorrection') : t('addNote')}</button>
    </div>
  </form>`;
}
