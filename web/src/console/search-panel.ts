// Finding an issue by what the caller on the phone knows: its id, tracking code, e-mail address or
// order reference, matched exactly (index look-ups). A POST, so no e-mail address sits in a URL.
import { useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { SearchResult } from '#shared/api/schemas.ts';
import { api, ApiError, errorSentence, fieldProblemText, problemsByField } from '../api.ts';
import { Field } from '../components/field.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { hasMessage, t, type MessageKey } from '../i18n.ts';
import { rememberHeadlines, useHeadlines } from './issue-data.ts';

type Found = SearchResult['issues'][number];

export interface SearchPanelProps {
  selectedIssueId?: string;
  onOpen: (issueId: string) => void;
  onUnauthorized: () => void;
}

const statusText = (status: string) => {
  const key = `issueStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
};

export function SearchPanel({ selectedIssueId, onOpen, onUnauthorized }: SearchPanelProps) {
  const [q, setQ] = useState('');
  const [result, setResult] = useState<{ q: string; issues: Found[] }>();
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Search results name the customer by id only: their name comes with the issue's headline, in the same answer.
  const headlines = useHeadlines();

  async function search(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      const response = await api<SearchResult>('POST', '/api/issues/search', { auth: true, body: { q } });
      rememberHeadlines(response.body.headlines);
      setResult({ q: q.trim(), issues: response.body.issues });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      const problem = problemsByField(failure).q;
      setResult(undefined);
      if (problem) {
        setFieldError(fieldProblemText(problem));
        requestAnimationFrame(() => input.current?.focus());
      } else {
        setError(errorSentence(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  function clear() {
    setResult(undefined);
    setQ('');
    setFieldError(undefined);
    setError(undefined);
    input.current?.focus();
  }

  return html`<section class="panel search-panel">
    <form role="search" class="search-form" noValidate onSubmit=${search}>
      <${Field} id="issue-search" label=${t('searchLabel')} hint=${t('searchHint')} error=${fieldError}>
        <input ref=${input} name="q" type="search" autocomplete="off" spellcheck=${false} autocapitalize="none" maxLength=${254}
          value=${q} onInput=${(event: Event) => setQ((event.target as HTMLInputElement).value)} />
      </${Field}>
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy}>${busy ? t('searching') : t('search')}</button>
        ${result || fieldError ? html`<button type="button" onClick=${clear}>${t('clearSearch')}</button>` : null}
      </div>
    </form>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    <div class="search-results">
      <p class=${result && result.issues.length === 0 ? 'empty' : 'results-summary'} role="status">
        ${result ? (result.issues.length === 0 ? t('noIssueMatches', { q: result.q }) : t('searchResults', { q: result.q, count: result.issues.length })) : ''}
      </p>
      ${result && result.issues.length > 0
        ? html`<ul class="issue-links">
            ${result.issues.map((issue) => {
              const headline = headlines.get(issue.issueId);
              const selected = issue.issueId === selectedIssueId;
              return html`<li class=${`issue-link-row ${selected ? 'selected' : ''}`}>
                <button type="button" class="link issue-link" aria-current=${selected ? 'true' : undefined} onClick=${() => onOpen(issue.issueId)}>${issue.subject}</button>
                <span class=${`badge status-${issue.status}`}>${statusText(issue.status)}</span>
                ${headline?.customerName ? html`<span class="result-customer">${headline.customerName}${headline.company ? `, ${headline.company}` : ''}</span>` : null}
                <p class="issue-meta muted">
                  ${t('matchedBy', { what: issue.matchedBy.map((field) => t(`matchedBy.${field}` as MessageKey)).join(', ') })} · ${dateTime(issue.createdAt)} · <code>${issue.issueId}</code>
                </p>
              </li>`;
            })}
          </ul>`
        : null}
    </div>
  </section>`;
}
