// A labelled form control with its hint and its error right beside it, wired for screen readers.
import { cloneElement, type VNode } from 'preact';
import { html } from 'htm/preact';
import { ApiError, errorSentence, problemsByField, type FieldProblem } from '../api.ts';
import { t } from '../i18n.ts';

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  /** The control (input, textarea or select); it gets the id and the aria wiring. */
  children: VNode<any>;
}

export function Field({ id, label, hint, error, optional, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control = cloneElement(children, {
    id,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': [errorId, hintId].filter(Boolean).join(' ') || undefined,
  });
  return html`<div class=${`field ${error ? 'has-error' : ''}`}>
    <label for=${id}>${label}${optional ? html` <span class="optional">${t('optional')}</span>` : null}</label>
    ${hint ? html`<p class="hint" id=${hintId}>${hint}</p>` : null}
    ${error ? html`<p class="field-error" id=${errorId}><span aria-hidden="true">⚠ </span>${error}</p>` : null}
    ${control}
  </div>`;
}

/** Moves focus to the first control marked invalid, so keyboard and screen-reader users land on it. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.notice-error');
    target?.focus();
  });
}

/** A refused submission on its form: each field's problem beside it, one sentence above, focus on the first field marked. */
export function showRefusal(
  failure: unknown,
  form: HTMLElement | null,
  show: { problems: (problems: Record<string, FieldProblem>) => void; error: (sentence: string) => void },
): void {
  show.problems(problemsByField(failure));
  show.error(failure instanceof ApiError && failure.code === 'invalid_request' ? t('fixFields') : errorSentence(failure));
  focusFirstInvalid(form);
}
