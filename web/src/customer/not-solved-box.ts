// On a closed issue's tracking page: the customer's "not solved", with what is still wrong. Within
// 14 days of closing it reopens the issue (POST /api/track/reopen); after that the page says so.
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { TrackView } from '#shared/api/schemas.ts';
import { api, errorSentence, fieldProblemText, problemsByField, type FieldProblem } from '../api.ts';
import { Field } from '../components/field.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';

type Credentials = { trackingCode: string; email: string };

export function NotSolvedBox({ reopen, credentials, onReopened }: { reopen: NonNullable<TrackView['reopen']>; credentials: Credentials; onReopened: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FieldProblem>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!reopen.possible) {
    return html`<section aria-labelledby="not-solved-title" class="card">
      <h2 id="not-solved-title">${t('notSolvedTitle')}</h2>
      <p>${t('notSolvedTooLate', { time: dateTime(reopen.until) })}</p>
    </section>`;
  }
  async function send(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/track/reopen', { body: { ...credentials, reason } });
      setReason('');
      setProblem(undefined);
      onReopened();
    } catch (failure) {
      const byField = problemsByField(failure);
      setProblem(byField.reason);
      setError(byField.reason ? undefined : errorSentence(failure));
    } finally {
      setBusy(false);
    }
  }
  return html`<section aria-labelledby="not-solved-title" class="card">
    <h2 id="not-solved-title">${t('notSolvedTitle')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <${Field} id="not-solved-reason" label=${t('notSolvedReason')} hint=${t('notSolvedIntro', { time: dateTime(reopen.until) })} error=${problem ? fieldProblemText(problem) : undefined}>
        <textarea name="reason" rows="3" required value=${reason} onInput=${(event: Event) => setReason((event.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('notSolvedSend')}</button></div>
    </form>
  </section>`;
}
