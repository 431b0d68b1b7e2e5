// "Tell us what Baton should do for you": on every staff and manager page, a suggestion goes to the
// managers with who sent it and from which page (POST /api/feedback). Baton was built by asking its
// users; this keeps asking.
import { useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.ts';
import { Field } from '../components/field.ts';
import { useSubmission } from '../components/submission.ts';
import { t } from '../i18n.ts';

export function FeedbackForm({ page, onSent, onUnauthorized }: { page: 'staff' | 'manager'; onSent?: () => void; onUnauthorized: () => void }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const { busy, error, errorOf, submit } = useSubmission({ refusal: { focusIn: form }, onUnauthorized });

  const send = (event: Event) =>
    submit(event, async () => {
      setSent(false);
      await api('POST', '/api/feedback', { auth: true, body: { text, page } });
      setText('');
      setSent(true);
      onSent?.();
    });

  return html`<section class="panel feedback-panel" aria-labelledby="feedback-title">
    <form ref=${form} class="stack feedback-form" noValidate onSubmit=${send}>
      <h2 id="feedback-title">${t('feedbackTitle')}</h2>
      <p class="hint">${t('feedbackIntro')}</p>
      ${error ? html`<div class="notice notice-error" role="alert" tabindex="-1">${error}</div>` : null}
      <${Field} id="feedback-text" label=${t('feedbackText')} error=${errorOf('text')}>
        <textarea name="text" rows="2" required value=${text} onInput=${(input: Event) => setText((input.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions">
        <button type="submit" disabled=${busy}>${t('feedbackSend')}</button>
        ${sent ? html`<span role="status" class="feedback-thanks">${t('feedbackThanks')}</span>` : null}
      </div>
    </form>
  </section>`;
}
