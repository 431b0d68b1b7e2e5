// The customer's tracking page (`/track`): tracking code + email → where the issue is, what comes
// next, and the public timeline. A POST, so the email address never sits in a URL.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import { api, ApiError, errorSentence, fieldProblemText, problemsByField, type FieldProblem } from '../api.ts';
import { Field, focusFirstInvalid } from '../components/field.ts';
import { Notice, Page } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { departmentName, hasMessage, pick, t, useLang } from '../i18n.ts';
import type { TrackView } from '#shared/api/schemas.ts';
import { NotSolvedBox } from './not-solved-box.ts';

const rememberedCodeKey = 'baton.trackingCode';

/** The form hands the new code to the tracking page in this tab only, never through the URL. */
export function rememberTrackingCode(code: string): void {
  try {
    sessionStorage.setItem(rememberedCodeKey, code);
  } catch {
    // not remembered: the customer types it
  }
}

function rememberedCode(): string {
  try {
    return sessionStorage.getItem(rememberedCodeKey) ?? '';
  } catch {
    return '';
  }
}

export function TrackPage() {
  useLang();
  const [code, setCode] = useState(rememberedCode);
  const [email, setEmail] = useState('');
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<TrackView>();
  const form = useRef<HTMLFormElement>(null);

  async function lookUp(event?: Event) {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(undefined);
    try {
      const response = await api<TrackView>('POST', '/api/track', { body: { trackingCode: code.trim(), email: email.trim() } });
      setProblems({});
      setView(response.body);
    } catch (error) {
      setProblems(problemsByField(error));
      setFormError(
        error instanceof ApiError && error.status === 404
            ? t('trackNotFound')
            : error instanceof ApiError && error.code === 'invalid_request'
              ? t('fixFields')
              : errorSentence(error),
      );
      focusFirstInvalid(form.current);
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (name: string) => (problems[name] ? fieldProblemText(problems[name]) : undefined);

  if (view) {
    return html`<${Page} face="track" title=${t('navTrack')}>
      <${TrackingResult} view=${view} credentials=${{ trackingCode: code.trim(), email: email.trim() }} onRefresh=${() => lookUp()} onBack=${() => setView(undefined)} />
    </${Page}>`;
  }

  return html`<${Page} face="track" title=${t('navTrack')}>
    <h1>${t('trackTitle')}</h1>
    <p class="lead">${t('trackIntro')}</p>
    <form ref=${form} class="stack" noValidate onSubmit=${lookUp}>
      ${formError ? html`<div tabindex="-1" class="notice notice-error" role="alert">${formError}</div>` : null}
      <${Field} id="track-code" label=${t('trackingCode')} hint=${t('trackingCodeHint')} error=${errorOf('trackingCode')}>
        <input name="trackingCode" class="code-input" required autocomplete="off" autocapitalize="characters" spellcheck=${false} value=${code} onInput=${(event: Event) => setCode((event.target as HTMLInputElement).value)} />
      </${Field}>
      <${Field} id="track-email" label=${t('email')} error=${errorOf('email')}>
        <input name="email" type="email" required autocomplete="email" spellcheck=${false} value=${email} onInput=${(event: Event) => setEmail((event.target as HTMLInputElement).value)} />
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('loading') : t('showIssue')}</button></div>
    </form>
  </${Page}>`;
}

function statusText(status: string): string {
  const key = `trackStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
}

type TimelineEntry = TrackView['timeline'][number];

/** Customer-facing words for each entry: "you" for the customer, the department (never a name) for staff. */
function timelineTitle(entry: TimelineEntry): string {
  const specific = `track.${entry.type}`;
  if (hasMessage(specific)) return t(specific);
  if (entry.from === 'customer') return t('track.fromCustomer');
  if (entry.from === 'staff') return entry.department ? t('track.fromStaff', { department: departmentName(entry.department) }) : t('track.fromStaffNoDepartment');
  return t('track.update');
}

type Credentials = { trackingCode: string; email: string };

/** The customer writes to their issue; an answer to a question of ours sends the issue on. */
function ReplyBox({ credentials, waiting, onSent }: { credentials: Credentials; waiting: boolean; onSent: () => void }) {
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<FieldProblem>();
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  async function send(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setSent(false);
    try {
      await api('POST', '/api/track/messages', { body: { ...credentials, message } });
      setMessage('');
      setProblem(undefined);
      setSent(true);
      onSent();
    } catch (failure) {
      const byField = problemsByField(failure);
      setProblem(byField.message);
      setError(byField.message ? undefined : errorSentence(failure));
    } finally {
      setBusy(false);
    }
  }
  return html`<section aria-labelledby="reply-title" class="card">
    <h2 id="reply-title">${t('reply')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <div role="status">${sent ? html`<p class="sent">${t('messageSent')}</p>` : null}</div>
      <${Field} id="reply-message" label=${t('yourMessage')} hint=${waiting ? t('waitingForYou') : t('replyHint')} error=${problem ? fieldProblemText(problem) : undefined}>
        <textarea name="message" rows="4" required value=${message} onInput=${(event: Event) => setMessage((event.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('send')}</button></div>
    </form>
  </section>`;
}

function TrackingResult({ view, credentials, onRefresh, onBack }: { view: TrackView; credentials: Credentials; onRefresh: () => void; onBack: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return html`<article class="stack" aria-labelledby="track-result-title">
    <h1 id="track-result-title" tabindex="-1" ref=${heading}>${view.subject}</h1>
    <dl class="facts">
      <div><dt>${t('status')}</dt><dd><span class=${`badge status-${view.status}`}>${statusText(view.status)}</span></dd></div>
      ${view.category in flowNames ? html`<div><dt>${t('category')}</dt><dd>${pick(flowNames[view.category as FlowId])}</dd></div>` : null}
      <div><dt>${t('createdAt')}</dt><dd>${dateTime(view.createdAt)}</dd></div>
    </dl>
    ${view.coordinator ? html`<p class="coordinator-line"><strong>${t('yourContact')}:</strong> ${t('yourContactHint', { name: view.coordinator.name })}</p>` : null}
    ${view.status === 'waiting_customer' ? html`<${Notice} kind="info">${t('waitingForYou')}</${Notice}>` : null}
    <div class="grid-2">
      <section aria-labelledby="where-now" class="card">
        <h2 id="where-now">${t('whereNow')}</h2>
        ${view.holders.length === 0
          ? html`<p>${view.status === 'closed' ? t('nothingNext') : t('noHolder')}</p>`
          : html`<ul class="plain">${view.holders.map((holder) => html`<li>${t('withDepartmentSince', { department: departmentName(holder.department), time: dateTime(holder.since) })}</li>`)}</ul>`}
      </section>
      <section aria-labelledby="what-next" class="card">
        <h2 id="what-next">${t('whatNext')}</h2>
        ${view.nextSteps.length > 0
          ? html`<ul class="plain">${view.nextSteps.map((step) => html`<li>${t('nextStepBy', { step: pick(step.stepName), time: dateTime(step.dueAt) })} <span class="muted">(${departmentName(step.department)})</span></li>`)}</ul>`
          : html`<p>${view.status === 'closed' ? t('nothingNext') : view.status === 'waiting_customer' ? t('waitingForYou') : '—'}</p>`}
      </section>
    </div>
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">${t('timeline')}</h2>
      <ol class="timeline">
        ${view.timeline.map(
          (entry) => html`<li class=${`event event-${entry.type}`}>
            <time datetime=${entry.at}>${dateTime(entry.at)}</time>
            <p class="timeline-title">${timelineTitle(entry)}</p>
            ${entry.corrects ? html`<p class="muted">${t('track.correction')}</p>` : null}
            ${entry.text ? html`<p class="timeline-text">${entry.text}</p>` : null}
          </li>`,
        )}
      </ol>
    </section>
    ${view.status === 'closed' ? null : html`<${ReplyBox} credentials=${credentials} waiting=${view.status === 'waiting_customer'} onSent=${onRefresh} />`}
    ${view.reopen ? html`<${NotSolvedBox} reopen=${view.reopen} credentials=${credentials} onReopened=${onRefresh} />` : null}
    <div class="actions"><button type="button" onClick=${onBack}>${t('trackAnother')}</button></div>
  </article>`;
}
