// The customer page inside the console: who the customer is and every issue of theirs, with its
// status and date; choosing one opens it. Shown in the issue panel until closed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import type { customer360Schema } from '#shared/api/schemas.ts';
import type { z } from 'zod';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { dateTime } from '../format.ts';
import { hasMessage, pick, t } from '../i18n.ts';

type Customer360 = z.infer<typeof customer360Schema>;

export interface CustomerViewProps {
  customerId: string;
  /** The issue the person came from: marked in the list. */
  fromIssueId?: string;
  onOpenIssue: (issueId: string) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

const statusText = (status: string) => {
  const key = `issueStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
};

export function CustomerView({ customerId, fromIssueId, onOpenIssue, onClose, onUnauthorized }: CustomerViewProps) {
  const [view, setView] = useState<Customer360>();
  const [error, setError] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setView(undefined);
    setError(undefined);
    api<Customer360>('GET', `/api/customers/${encodeURIComponent(customerId)}`, { auth: true }).then(
      (response) => {
        if (!current) return;
        setView(response.body);
        requestAnimationFrame(() => heading.current?.focus());
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
        if (current) setError(errorSentence(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [customerId]);

  const back = html`<button type="button" class="small" onClick=${onClose}>${t('backToIssue')}</button>`;
  if (error) return html`<section class="panel issue-panel customer-panel"><div class="panel-head"><span></span>${back}</div><${Notice} kind="error">${error}</${Notice}></section>`;
  if (!view) return html`<section class="panel issue-panel customer-panel" aria-busy="true"><p>${t('loading')}</p></section>`;

  const { customer, issues } = view;
  const newestFirst = [...issues].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return html`<article class="panel issue-panel customer-panel" aria-labelledby="customer-page-title">
    <div class="panel-head">
      <div>
        <p class="eyebrow">${t('customerPage')}</p>
        <h2 id="customer-page-title" tabindex="-1" ref=${heading}>${customer.name}</h2>
      </div>
      ${back}
    </div>
    <dl class="facts customer-facts">
      <div><dt>${t('email')}</dt><dd><a href=${`mailto:${customer.email}`}>${customer.email}</a></dd></div>
      <div><dt>${t('phone')}</dt><dd>${customer.phone ? html`<a href=${`tel:${customer.phone}`}>${customer.phone}</a>` : '—'}</dd></div>
      <div><dt>${t('company')}</dt><dd>${customer.company ?? '—'}</dd></div>
      <div><dt>${t('firstContact')}</dt><dd>${dateTime(customer.createdAt)}</dd></div>
    </dl>
    <section aria-labelledby="customer-issues-title">
      <h3 id="customer-issues-title">${t('customerIssues', { count: issues.length })}</h3>
      <ul class="issue-links">
        ${newestFirst.map(
          (issue) => html`<li class=${`issue-link-row ${issue.issueId === fromIssueId ? 'current' : ''}`}>
            <button type="button" class="link issue-link" aria-current=${issue.issueId === fromIssueId ? 'true' : undefined} onClick=${() => onOpenIssue(issue.issueId)}>${issue.subject}</button>
            ${issue.issueId === fromIssueId ? html` <span class="muted">(${t('issueYouCameFrom')})</span>` : null}
            <p class="issue-meta">
              <span class=${`badge status-${issue.status}`}>${statusText(issue.status)}</span>
              <span class="muted"> ${pick(flowNames[issue.flowId as FlowId]) || issue.flowId} · ${dateTime(issue.createdAt)} · <code>${issue.issueId}</code></span>
            </p>
          </li>`,
        )}
      </ul>
    </section>
  </article>`;
}
