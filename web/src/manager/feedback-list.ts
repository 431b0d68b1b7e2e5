// The managers' list of what staff and managers asked Baton to do for them (GET /api/feedback),
// newest first, with who sent each suggestion and from which page.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { Feedback } from '#shared/api/schemas.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { departmentName, t, type MessageKey } from '../i18n.ts';

export function FeedbackList({ version, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  const [feedback, setFeedback] = useState<Feedback[]>();
  const [nextToken, setNextToken] = useState<string>();
  const [error, setError] = useState<string>();

  const load = (more?: string) =>
    api<{ feedback: Feedback[]; nextToken?: string }>('GET', `/api/feedback${more ? `?nextToken=${encodeURIComponent(more)}` : ''}`, { auth: true }).then(
      ({ body }) => {
        setFeedback((current) => (more ? [...(current ?? []), ...body.feedback] : body.feedback));
        setNextToken(body.nextToken);
        setError(undefined);
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
        setError(errorSentence(failure));
      },
    );
  useEffect(() => {
    void load();
  }, [version]);

  return html`<section class="panel feedback-list" aria-labelledby="feedback-list-title">
    <div class="panel-head"><h2 id="feedback-list-title">${t('feedbackListTitle')}</h2></div>
    <p class="hint">${t('feedbackListIntro')}</p>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    ${feedback && feedback.length === 0 ? html`<p class="empty">${t('feedbackNone')}</p>` : null}
    ${feedback && feedback.length > 0
      ? html`<ul class="plain suggestions">
          ${feedback.map(
            (item) => html`<li class="suggestion" data-feedback-id=${item.feedbackId}>
              <p class="suggestion-text">${item.text}</p>
              <p class="muted suggestion-meta">
                ${t('feedbackFrom', { username: item.username, department: departmentName(item.department), page: t(`feedbackPage.${item.page}` as MessageKey), time: dateTime(item.createdAt) })}
              </p>
            </li>`,
          )}
        </ul>`
      : null}
    ${nextToken ? html`<button type="button" onClick=${() => load(nextToken)}>${t('loadMore')}</button>` : null}
  </section>`;
}
