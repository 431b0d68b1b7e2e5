// On a closed issue's tracking page: the customer's "not solved", with what is still wrong. Within
// 14 days of closing it reopens the issue (POST /api/track/reopen); after that the page says so.
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { TrackView } from '#shared/api/schemas.ts';
import { api } from '../api.ts';
import { Field } from '../components/field.ts';
import { useSubmission } from '../components/submission.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';

type Credentials = { trackingCode: string; email: string };

export function NotSolvedBox({ reopen, credentials, onReopened }: { reopen: NonNullable<TrackView['reopen']>; credentials: Credentials; onReopened: () => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, errorOf, submit } = useSubmission({ refusal: { beside: ['reason'] } });
  if (!reopen.possible) {
    return html`<section aria-labelledby="not-solved-title" class="card">
      <h2 id="not-solved-title">${t('notSolvedTitle')}</h2>
      <p>${t('notSolvedTooLate', { time: dateTime(reopen.until) })}</p>
    </section>`;
  }
  const send = (event: Event) =>
    submit(event, async () => {
      await api('POST', '/api/track/reopen', { body: { ...credentials, reason } });
      setReason('');
      onReopened();
    });
  return html`<section aria-labelledby="not-solved-title" class="card">
    <h2 id="not-solved-title">${t('notSolvedTitle')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <${Field} id="not-solved-reason" label=${t('notSolvedReason')} hint=${t('notSolvedIntro', { time: dateTime(reopen.until) })} error=${errorOf('reason')}>
        <textarea name="reason" rows="3" required value=${reason} onInput=${(event: Event) => setReason((event.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('notSolvedSend')}</button></div>
    </form>
  </section>`;
}
