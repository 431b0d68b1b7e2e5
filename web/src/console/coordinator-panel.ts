// The issue's coordinator (the one person who answers for it) on the staff and manager issue view;
// a manager may name another, with a reason that goes into the history.
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { Coordinator } from '#shared/domain/coordinator.ts';
import { api } from '../api.ts';
import { Field } from '../components/field.ts';
import { useSubmission } from '../components/submission.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';

export interface CoordinatorPanelProps {
  issueId: string;
  coordinator?: Coordinator | undefined;
  mayChange: boolean;
  onChanged: (message: string) => void;
  onUnauthorized: () => void;
}

export function CoordinatorPanel({ issueId, coordinator, mayChange, onChanged, onUnauthorized }: CoordinatorPanelProps) {
  const [editing, setEditing] = useState(false);
  const [username, setUsername] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, errorOf, submit } = useSubmission({ refusal: { beside: ['username', 'reason'] }, onUnauthorized });

  const send = (event: Event) =>
    submit(event, async () => {
      await api('POST', `/api/issues/${encodeURIComponent(issueId)}/coordinator`, { auth: true, body: { username: username.trim(), reason } });
      setEditing(false);
      setUsername('');
      setReason('');
      onChanged(t('coordinatorChanged'));
    });

  return html`<section aria-labelledby="coordinator-title" class="coordinator-box">
    <h3 id="coordinator-title">${t('coordinator')}</h3>
    <p>
      ${coordinator
        ? html`<strong data-coordinator=${coordinator.username}>${coordinator.displayName}</strong> <span class="muted">· ${t('coordinatorSince', { time: dateTime(coordinator.since) })}</span>`
        : html`<span class="muted">${t('noCoordinator')}</span>`}
    </p>
    ${mayChange && !editing ? html`<button type="button" class="small" onClick=${() => setEditing(true)}>${t('changeCoordinator')}</button>` : null}
    ${mayChange && editing
      ? html`<form class="stack" noValidate onSubmit=${send}>
          ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
          <${Field} id=${`coordinator-${issueId}-username`} label=${t('coordinatorUsername')} error=${errorOf('username')}>
            <input name="username" required autocomplete="off" spellcheck=${false} value=${username} onInput=${(event: Event) => setUsername((event.target as HTMLInputElement).value)} />
          </${Field}>
          <${Field} id=${`coordinator-${issueId}-reason`} label=${t('coordinatorReason')} error=${errorOf('reason')}>
            <textarea name="reason" rows="2" required value=${reason} onInput=${(event: Event) => setReason((event.target as HTMLTextAreaElement).value)}></textarea>
          </${Field}>
          <div class="actions">
            <button type="submit" class="primary" disabled=${busy}>${t('changeCoordinator')}</button>
            <button type="button" onClick=${() => setEditing(false)}>${t('cancel')}</button>
          </div>
        </form>`
      : null}
  </section>`;
}
