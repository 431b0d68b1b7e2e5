// The console's notices: a badge with how many are new (polled, so it changes without a reload), the
// list of recent ones (new tasks in your queues, customers' answers, SLAs about to breach or breached,
// escalations), and the settings of which of them also reach you by e-mail.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { z } from 'zod';
import type { noticesSchema } from '#shared/api/schemas.ts';
import { staffNoticeKinds } from '#shared/domain/staff-notice-kinds.ts';
import { api, ApiError, errorSentence, fieldProblemText, problemsByField, type FieldProblem } from '../api.ts';
import { Field } from '../components/field.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { departmentName, pick, t, type Localized, type MessageKey } from '../i18n.ts';

type Notices = z.infer<typeof noticesSchema>;
type NoticeItem = Notices['notices'][number];

/** How often the badge asks for news. */
export const noticePollMs = 15_000;

function noticeText(notice: NoticeItem): string {
  const step = notice.data.step;
  const stepName = step && typeof step === 'object' ? pick(step as Localized) : String(step ?? '');
  // The answer to a question tells its asker twice, once that the customer wrote and once that the task is back with them: two different lines.
  const key = notice.kind === 'customer_reply' && notice.data.backToYou === true ? 'notice.customer_reply_back' : `notice.${notice.kind}`;
  return t(key as MessageKey, { count: notice.count, step: stepName, subject: String(notice.data.subject ?? ''), queue: departmentName(notice.to) });
}

export function NotificationsPanel({ onOpen, onUnauthorized }: { onOpen: (issueId: string) => void; onUnauthorized: () => void }) {
  const [notices, setNotices] = useState<Notices>();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);

  async function load() {
    try {
      setNotices((await api<Notices>('GET', '/api/me/notifications', { auth: true })).body);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) onUnauthorized();
    }
  }
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (!document.hidden) void load();
    }, noticePollMs);
    return () => clearInterval(timer);
  }, []);

  async function toggle() {
    const next = !open;
    setOpen(next);
    const newest = notices?.notices[0]?.at;
    if (next && newest && notices.unseen > 0) {
      await api('POST', '/api/me/notifications/seen', { auth: true, body: { until: newest } }).catch(() => undefined);
      setNotices({ ...notices, unseen: 0 });
    }
  }

  const unseen = notices?.unseen ?? 0;
  return html`<section class="notices" aria-labelledby="notices-title">
    <button type="button" class="notices-toggle" aria-expanded=${open} onClick=${toggle}>
      <span id="notices-title">${t('notices')}</span>
      ${unseen > 0 ? html`<span class="badge notices-badge" aria-label=${t('noticesNew', { count: unseen })}>${unseen}</span>` : null}
    </button>
    ${open
      ? html`<div class="notices-list">
          ${notices && notices.notices.length > 0
            ? html`<ul class="plain">
                ${notices.notices.map(
                  (notice) => html`<li class=${`notice-item notice-${notice.kind}`}>
                    <time datetime=${notice.at}>${dateTime(notice.at)}</time>
                    ${notice.issueIds.length === 1
                      ? html`<button type="button" class="link" onClick=${() => onOpen(notice.issueIds[0]!)}>${noticeText(notice)}</button>`
                      : html`<span>${noticeText(notice)}</span>`}
                  </li>`,
                )}
              </ul>`
            : html`<p class="muted">${t('noNotices')}</p>`}
          ${editing
            ? html`<${NoticeSettings} settings=${notices?.settings} onSaved=${() => { setEditing(false); void load(); }} onCancel=${() => setEditing(false)} />`
            : html`<button type="button" class="small" onClick=${() => setEditing(true)}>${t('noticeSettings')}</button>`}
        </div>`
      : null}
  </section>`;
}

function NoticeSettings({ settings, onSaved, onCancel }: { settings: Notices['settings'] | undefined; onSaved: () => void; onCancel: () => void }) {
  const [email, setEmail] = useState(settings?.email ?? '');
  const [language, setLanguage] = useState(settings?.language ?? 'en');
  const [emailFor, setEmailFor] = useState<string[]>(settings?.emailFor ?? []);
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/me/notification-settings', { auth: true, body: { ...(email.trim() ? { email: email.trim() } : {}), language, emailFor } });
      onSaved();
    } catch (failure) {
      const byField = problemsByField(failure);
      setProblems(byField);
      setError(Object.keys(byField).length ? undefined : errorSentence(failure));
    } finally {
      setBusy(false);
    }
  }
  const toggleKind = (kind: string) => setEmailFor(emailFor.includes(kind) ? emailFor.filter((chosen) => chosen !== kind) : [...emailFor, kind]);
  return html`<form class="stack notice-settings" noValidate onSubmit=${save}>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    <fieldset>
      <legend>${t('noticeEmailFor')}</legend>
      ${staffNoticeKinds.map(
        (kind) => html`<label class="check"><input type="checkbox" name="emailFor" value=${kind} checked=${emailFor.includes(kind)} onChange=${() => toggleKind(kind)} /> ${t(`noticeKind.${kind}` as MessageKey)}</label>`,
      )}
    </fieldset>
    <${Field} id="notice-email" label=${t('email')} optional hint=${t('noticeEmailHint')} error=${problems.email ? fieldProblemText(problems.email) : undefined}>
      <input name="email" type="email" autocomplete="email" value=${email} onInput=${(event: Event) => setEmail((event.target as HTMLInputElement).value)} />
    </${Field}>
    <${Field} id="notice-language" label=${t('language')}>
      <select name="language" value=${language} onChange=${(event: Event) => setLanguage((event.target as HTMLSelectElement).value)}>
        <option value="en">English</option>
        <option value="zh-CN">简体中文</option>
      </select>
    </${Field}>
    <div class="actions">
      <button type="submit" class="primary" disabled=${busy}>${t('save')}</button>
      <button type="button" onClick=${onCancel}>${t('cancel')}</button>
    </div>
  </form>`;
}
