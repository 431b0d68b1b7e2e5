// The customer's tracking page (`/track`): tracking code + email → where the issue is, what comes
// next, and the public timeline. A POST, so the email address never sits in a URL. An e-mail's link
// brings code and address in the URL's fragment (#code=…&email=…&act=…), which browsers never send to
// a server; the page keeps them in this tab's sessionStorage (a reload finds them) and drops the
// fragment from the address bar. While open, the page asks every few seconds whether anything
// changed (If-None-Match with the view's version: an unchanged issue costs a 304, no events read).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import { api, ApiError, errorSentence, fieldProblemText, problemsByField, type FieldProblem } from '../api.ts';
import { Field, focusFirstInvalid } from '../components/field.ts';
import { useSubmission } from '../components/submission.ts';
import { Notice, Page } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { departmentName, hasMessage, pick, t, useLang } from '../i18n.ts';
import type { TrackView } from '#shared/api/schemas.ts';
import { NotSolvedBox } from './not-solved-box.ts';

const rememberedCodeKey = 'baton.trackingCode';
const rememberedEmailKey = 'baton.trackingEmail';
/** How often an open tracking page asks whether anything changed (paused while the tab is hidden). */
export const trackPollMs = 10_000;

type Action = 'view' | 'reply' | 'rate' | 'unsubscribe';

/** The form hands the new code to the tracking page in this tab only, never through the URL. */
export function rememberTracking(code: string, email: string): void {
  try {
    sessionStorage.setItem(rememberedCodeKey, code);
    sessionStorage.setItem(rememberedEmailKey, email);
  } catch {
    // not remembered: the customer types it
  }
}

export function rememberedCredentials(): { trackingCode: string; email: string } {
  try {
    return { trackingCode: sessionStorage.getItem(rememberedCodeKey) ?? '', email: sessionStorage.getItem(rememberedEmailKey) ?? '' };
  } catch {
    return { trackingCode: '', email: '' };
  }
}

/** An e-mail's link: taken from the fragment into this tab's storage, and the fragment leaves the address bar. */
function linkFromFragment(): Action {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('code');
  const email = fragment.get('email');
  if (!code || !email) return 'view';
  rememberTracking(code, email);
  history.replaceState(null, '', location.pathname);
  const act = fragment.get('act');
  return act === 'reply' || act === 'rate' || act === 'unsubscribe' ? act : 'view';
}

export function TrackPage() {
  useLang();
  const [action] = useState(linkFromFragment);
  const [code, setCode] = useState(() => rememberedCredentials().trackingCode);
  const [email, setEmail] = useState(() => rememberedCredentials().email);
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
      rememberTracking(code.trim(), email.trim());
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

  /** Asks whether the issue changed since `known`; a 304 leaves the view as it is. */
  async function refresh(known: TrackView) {
    try {
      const response = await api<TrackView>('POST', '/api/track', {
        body: { trackingCode: code.trim(), email: email.trim() },
        headers: { 'If-None-Match': `"v${known.version}"` },
      });
      setView(response.body);
    } catch {
      // 304: nothing changed. Anything else (offline for a moment): the page keeps what it shows and asks again.
    }
  }

  // A reload, Back, or an e-mail's link: the code and address this tab remembers open the issue at once.
  useEffect(() => {
    if (code && email) void lookUp();
  }, []);

  const errorOf = (name: string) => (problems[name] ? fieldProblemText(problems[name]) : undefined);

  if (view) {
    return html`<${Page} face="track" title=${t('navTrack')}>
      <${TrackingResult}
        view=${view}
        action=${action}
        credentials=${{ trackingCode: code.trim(), email: email.trim() }}
        onRefresh=${() => refresh(view)}
        onBack=${() => setView(undefined)}
      />
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
    <${LostCode} />
  </${Page}>`;
}

/** "E-mail me my tracking codes": the answer is the same whether or not the address is known. */
function LostCode() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { error, errorOf, submit } = useSubmission({ refusal: { beside: ['email'] } });
  const send = (event: Event) =>
    submit(event, async () => {
      await api('POST', '/api/track/codes', { body: { email: email.trim() } });
      setSent(true);
    });
  return html`<section aria-labelledby="lost-code-title" class="card">
    <h2 id="lost-code-title">${t('lostCodeTitle')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <div role="status">${sent ? html`<p class="sent">${t('codesSent')}</p>` : null}</div>
      <${Field} id="lost-code-email" label=${t('lostCodeEmail')} hint=${t('lostCodeText')} error=${errorOf('email')}>
        <input name="email" type="email" required autocomplete="email" spellcheck=${false} value=${email} onInput=${(event: Event) => setEmail((event.target as HTMLInputElement).value)} />
      </${Field}>
      <div class="actions"><button type="submit">${t('sendCodes')}</button></div>
    </form>
  </section>`;
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
function ReplyBox({ credentials, waiting, focus, onSent }: { credentials: Credentials; waiting: boolean; focus: boolean; onSent: () => void }) {
  const [message, setMessage] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  // Opened from a question's e-mail: the reply box is where the customer acts.
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [focus]);
  const [sent, setSent] = useState(false);
  const { busy, error, errorOf, submit } = useSubmission({ refusal: { beside: ['message'] } });
  const send = (event: Event) =>
    submit(event, async () => {
      setSent(false);
      await api('POST', '/api/track/messages', { body: { ...credentials, message } });
      setMessage('');
      setSent(true);
      onSent();
    });
  return html`<section aria-labelledby="reply-title" class="card">
    <h2 id="reply-title">${t('reply')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <div role="status">${sent ? html`<p class="sent">${t('messageSent')}</p>` : null}</div>
      <${Field} id="reply-message" label=${t('yourMessage')} hint=${waiting ? t('waitingForYou') : t('replyHint')} error=${errorOf('message')}>
        <textarea ref=${box} name="message" rows="4" required value=${message} onInput=${(event: Event) => setMessage((event.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('send')}</button></div>
    </form>
  </section>`;
}

/** Once the issue is closed: a rating of its handling, 1–5, and a comment. */
function RatingForm({ credentials, focus, onSent }: { credentials: Credentials; focus: boolean; onSent: () => void }) {
  const [rating, setRating] = useState<number>();
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const { error, errorOf, submit } = useSubmission({ refusal: { beside: ['rating'] } });
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) first.current?.focus();
  }, [focus]);
  const send = (event: Event) =>
    submit(event, async () => {
      await api('POST', '/api/track/rating', { body: { ...credentials, rating, ...(comment.trim() ? { comment } : {}) } });
      setSent(true);
      onSent();
    });
  return html`<section aria-labelledby="rate-title" class="card">
    <h2 id="rate-title">${t('rateTitle')}</h2>
    <form class="stack" noValidate onSubmit=${send}>
      ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
      <div role="status">${sent ? html`<p class="sent">${t('ratingThanks')}</p>` : null}</div>
      <fieldset>
        <legend>${t('ratingLabel')}</legend>
        <p class="hint">${t('rateHint')}</p>
        ${errorOf('rating') ? html`<p class="field-error">${errorOf('rating')}</p>` : null}
        ${[1, 2, 3, 4, 5].map(
          (value) => html`<label class="inline"><input ref=${value === 1 ? first : undefined} type="radio" name="rating" value=${value} checked=${rating === value} onChange=${() => setRating(value)} /> ${value}</label>`,
        )}
      </fieldset>
      <${Field} id="rate-comment" label=${t('ratingComment')}>
        <textarea name="comment" rows="3" value=${comment} onInput=${(event: Event) => setComment((event.target as HTMLTextAreaElement).value)}></textarea>
      </${Field}>
      <div class="actions"><button type="submit" class="primary">${t('sendRating')}</button></div>
    </form>
  </section>`;
}

/** Every customer e-mail links here: no more e-mail about this issue. */
function Unsubscribe({ credentials, unsubscribed, focus, onDone }: { credentials: Credentials; unsubscribed: boolean; focus: boolean; onDone: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) button.current?.focus();
  }, [focus]);
  async function stop() {
    await api('POST', '/api/track/unsubscribe', { body: credentials });
    onDone();
  }
  return html`<section aria-labelledby="unsubscribe-title" class="card">
    <h2 id="unsubscribe-title">${t('unsubscribeTitle')}</h2>
    ${unsubscribed
      ? html`<p role="status">${t('unsubscribedText')}</p>`
      : html`<p>${t('unsubscribeText')}</p><div class="actions"><button type="button" ref=${button} onClick=${stop}>${t('unsubscribeButton')}</button></div>`}
  </section>`;
}

/** Asks again every few seconds while the tab is visible, and at once when it becomes visible. */
function usePolling(refresh: () => void) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const tick = () => {
      if (!document.hidden) latest.current();
    };
    const timer = setInterval(tick, trackPollMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);
}

function TrackingResult({ view, action, credentials, onRefresh, onBack }: { view: TrackView; action: Action; credentials: Credentials; onRefresh: () => void; onBack: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (action === 'view') heading.current?.focus();
  }, []);
  usePolling(onRefresh);
  return html`<article class="stack" aria-labelledby="track-result-title">
    <h1 id="track-result-title" tabindex="-1" ref=${heading}>${view.subject}</h1>
    <p class="hint">${t('liveUpdates')}</p>
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
            ${entry.done ? html`<p class="timeline-text">${t('closedDone', { text: entry.done })}</p>` : null}
            ${entry.promised ? html`<p class="timeline-text">${t('closedPromised', { text: entry.promised })}</p>` : null}
            ${entry.rating ? html`<p class="timeline-text">${t('ratingStars', { rating: entry.rating })}</p>` : null}
          </li>`,
        )}
      </ol>
    </section>
    ${view.status === 'closed'
      ? html`<${RatingForm} credentials=${credentials} focus=${action === 'rate'} onSent=${onRefresh} />`
      : html`<${ReplyBox} credentials=${credentials} waiting=${view.status === 'waiting_customer'} focus=${action === 'reply'} onSent=${onRefresh} />`}
    <${Unsubscribe} credentials=${credentials} unsubscribed=${view.unsubscribed} focus=${action === 'unsubscribe'} onDone=${onRefresh} />
    ${view.reopen ? html`<${NotSolvedBox} reopen=${view.reopen} credentials=${credentials} onReopened=${onRefresh} />` : null}
    <div class="actions"><button type="button" onClick=${onBack}>${t('trackAnother')}</button></div>
  </article>`;
}
