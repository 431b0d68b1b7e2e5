// The managers' list of issues by status and by the department holding them now (GET /api/issues),
// paged with "Load more", and its CSV export: every page of the same list, downloaded as one file.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { IssueList, IssueSummary } from '#shared/api/schemas.ts';
import type { IssueStatus } from '#shared/domain/issue.ts';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { accessToken } from '../staff-session.ts';
import { Notice } from '../components/layout.ts';
import { queueDepartments, type QueueDepartment } from '../console/session.ts';
import { dateTime } from '../format.ts';
import { departmentName, pick, t, type MessageKey } from '../i18n.ts';

// Listed here rather than imported: the shared module that defines them also loads zod.
const issueStatuses = ['open', 'waiting_customer', 'escalated', 'closed'] as const satisfies readonly IssueStatus[];

interface Filters {
  status: IssueStatus;
  /** Only the issues this department holds now; every issue of the status when absent. */
  department?: QueueDepartment;
}

const listQuery = (filters: Filters, nextToken?: string) =>
  new URLSearchParams({ status: filters.status, ...(filters.department ? { department: filters.department } : {}), ...(nextToken ? { nextToken } : {}) });

const openIssueFromHash = (): string | undefined => /^#issue=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];

/** The issue the console shows now: it keeps it in the address's fragment. */
function useOpenIssueId(): string | undefined {
  const [issueId, setIssueId] = useState(openIssueFromHash);
  useEffect(() => {
    const onHash = () => setIssueId(openIssueFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return issueId;
}

/** One CSV page of the list; the API says where the next page starts in `X-Next-Token`. */
async function csvPage(filters: Filters, nextToken: string | undefined): Promise<{ text: string; nextToken?: string }> {
  const headers: Record<string, string> = { accept: 'text/csv' };
  const token = await accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api/issues?${listQuery(filters, nextToken)}`, { headers });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }
  const text = await response.text();
  if (!response.ok) {
    let error: { code?: unknown; message?: unknown } | undefined;
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : `http_${response.status}`, typeof error?.message === 'string' ? error.message : response.statusText);
  }
  return { text, nextToken: response.headers.get('x-next-token') ?? undefined };
}

/**
 * The whole list as one CSV: the header row once, then every page's rows. A byte order mark in
 * front, so that spreadsheets read the Chinese text as UTF-8.
 */
async function exportCsv(filters: Filters, onProgress: (rows: number) => void): Promise<{ csv: string; rows: number }> {
  let header = '';
  const bodies: string[] = [];
  let rows = 0;
  let nextToken: string | undefined;
  do {
    const page = await csvPage(filters, nextToken);
    // The header ends at the first CRLF (the API's CSV always has one); each page repeats it.
    const lineEnd = page.text.indexOf('\r\n');
    const headerEnd = lineEnd < 0 ? page.text.length : lineEnd + 2;
    header ||= page.text.slice(0, headerEnd);
    const body = page.text.slice(headerEnd);
    bodies.push(body);
    rows += countRows(body);
    onProgress(rows);
    nextToken = page.nextToken;
  } while (nextToken);
  return { csv: `\uFEFF${header}${bodies.join('')}`, rows };
}

/** Rows in RFC 4180 text: line breaks outside quoted cells (a typed line break is inside quotes). */
function countRows(body: string): number {
  let rows = 0;
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') rows++;
  }
  return rows;
}

const localDate = (date = new Date()) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

const exportFileName = (filters: Filters) => `baton-issues-${filters.status}${filters.department ? `-${filters.department}` : ''}-${localDate()}.csv`;

/** Hands the browser a text file to save (also the figures' CSV export). */
export function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Released once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function IssueList({ version, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  const [filters, setFilters] = useState<Filters>({ status: 'open' });
  // The rows shown and the filters they answer: rows of other filters are never shown as these.
  const [listing, setListing] = useState<{ filters: Filters; issues: IssueSummary[]; nextToken?: string }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState<number>();
  const [exported, setExported] = useState<{ count: number; file: string }>();
  const [exportError, setExportError] = useState<string>();
  const openIssueId = useOpenIssueId();
  const latest = useRef(0);

  const load = useCallback(
    async (from?: string) => {
      const request = ++latest.current;
      setLoading(true);
      try {
        const response = await api<IssueList>('GET', `/api/issues?${listQuery(filters, from)}`, { auth: true });
        if (request !== latest.current) return;
        const { issues, nextToken } = response.body;
        setListing((shown) => ({ filters, issues: from && shown?.filters === filters ? [...shown.issues, ...issues] : issues, nextToken }));
        setError(undefined);
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
        if (request === latest.current) setError(errorSentence(failure));
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [filters],
  );

  useEffect(() => {
    void load();
  }, [load, version]);
  useEffect(() => {
    setExported(undefined);
    setExportError(undefined);
  }, [filters]);

  async function exportList() {
    setExporting(0);
    setExported(undefined);
    setExportError(undefined);
    try {
      const { csv, rows } = await exportCsv(filters, setExporting);
      const fileName = exportFileName(filters);
      download(fileName, csv);
      setExported({ count: rows, file: fileName });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      setExportError(errorSentence(failure));
    } finally {
      setExporting(undefined);
    }
  }

  const selected = (event: Event) => (event.target as HTMLSelectElement).value;
  const chooseStatus = (event: Event) => setFilters((current) => ({ ...current, status: selected(event) as IssueStatus }));
  const chooseDepartment = (event: Event) => {
    const department = selected(event) as QueueDepartment | '';
    setFilters((current) => ({ status: current.status, ...(department ? { department } : {}) }));
  };
  const shown = listing?.filters === filters ? listing : undefined;
  const issues = shown?.issues ?? [];
  const nextToken = shown?.nextToken;
  const busy = loading || (!shown && !error);
  const departmentLabel = filters.department ? departmentName(filters.department) : t('issueListAnyDepartment');
  const listedWhat = t('issueListCaption', { status: t(`issueStatus.${filters.status}` as MessageKey), department: departmentLabel });

  return html`<section class="panel issue-list" aria-labelledby="issue-list-title">
    <div class="panel-head">
      <h2 id="issue-list-title">${t('issueListTitle')}</h2>
      <button type="button" class="small" onClick=${() => load()} disabled=${loading}>${t('refresh')}</button>
    </div>
    <p class="hint">${t('issueListIntro')}</p>
    <div class="issue-list-controls">
      <label class="inline-field">
        <span>${t('status')}</span>
        <select value=${filters.status} onChange=${chooseStatus}>
          ${issueStatuses.map((status) => html`<option value=${status}>${t(`issueStatus.${status}` as MessageKey)}</option>`)}
        </select>
      </label>
      <label class="inline-field">
        <span>${t('issueListDepartment')}</span>
        <select value=${filters.department ?? ''} onChange=${chooseDepartment}>
          <option value="">${t('issueListAnyDepartment')}</option>
          ${queueDepartments.map((department) => html`<option value=${department}>${departmentName(department)}</option>`)}
        </select>
      </label>
      <div class="issue-list-export">
        <button type="button" onClick=${exportList} disabled=${exporting !== undefined} aria-describedby="issue-list-export-hint">
          ${exporting === undefined ? t('issueListExport') : t('issueListExporting', { count: exporting })}
        </button>
        <p class="hint" id="issue-list-export-hint">${t('issueListExportHint')}</p>
      </div>
    </div>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    ${exportError ? html`<${Notice} kind="error">${exportError}</${Notice}>` : null}
    <div class="status-line" role="status">${exported ? t('issueListExported', exported) : ''}</div>
    <div class="issue-list-scroll" aria-busy=${busy ? 'true' : 'false'}>
      ${shown && issues.length === 0 && !nextToken ? html`<p class="empty">${t('issueListEmpty')}</p>` : null}
      ${issues.length === 0 && busy ? html`<p class="empty">${t('loading')}</p>` : null}
      ${issues.length > 0
        ? html`<table class="issue-table">
            <caption>${listedWhat}</caption>
            <thead>
              <tr>
                <th scope="col">${t('subject')}</th>
                <th scope="col">${t('status')}</th>
                <th scope="col">${t('flow')}</th>
                <th scope="col">${t('holders')}</th>
                <th scope="col">${t('orderReference')}</th>
                <th scope="col">${t('createdAt')}</th>
                <th scope="col" class="number">${t('reroutes')}</th>
                <th scope="col" class="number">${t('bounces')}</th>
              </tr>
            </thead>
            <tbody>
              ${issues.map((issue) => {
                const open = issue.issueId === openIssueId;
                return html`<tr key=${issue.issueId} data-issue-id=${issue.issueId} class=${open ? 'selected' : ''}>
                  <th scope="row">
                    <a href=${`#issue=${issue.issueId}`} aria-current=${open ? 'true' : undefined} onClick=${() => document.querySelector('.workspace')?.scrollIntoView({ block: 'start' })}>${issue.subject}</a>
                    <br /><code class="muted">${issue.issueId}</code>
                  </th>
                  <td><span class=${`badge status-${issue.status}`}>${t(`issueStatus.${issue.status}` as MessageKey)}</span></td>
                  <td>${pick(flowNames[issue.flowId as FlowId]) || issue.flowId} <span class="muted">v${issue.flowVersion}</span></td>
                  <td>
                    ${issue.holders.length === 0
                      ? html`<span class="muted">—</span>`
                      : issue.holders.map((holder) => html`<span class=${`dept dept-${holder.department}`} title=${dateTime(holder.since)}>${departmentName(holder.department)}</span> `)}
                  </td>
                  <td>${issue.orderRef ?? html`<span class="muted">—</span>`}</td>
                  <td class="nowrap"><time datetime=${issue.createdAt}>${dateTime(issue.createdAt)}</time></td>
                  <td class="number">${issue.reroutes}</td>
                  <td class=${`number ${issue.bounces > 0 ? 'overdue' : ''}`}>${issue.bounces}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : null}
      <div class="actions issue-list-more">
        <span class="muted" role="status">${issues.length > 0 ? t('issueListShown', { count: issues.length }) : ''}</span>
        ${nextToken ? html`<button type="button" onClick=${() => load(nextToken)} disabled=${loading}>${t('loadMore')}</button>` : null}
      </div>
    </div>
  </section>`;
}
