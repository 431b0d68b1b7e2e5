// A department's queue, ordered by due time (the API's order), with the open / mine / all views,
// time left on each task's SLA, and claim / release right in the row.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import { api, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { dateTime, sla, useNow } from '../format.ts';
import { departmentName, pick, t, type MessageKey } from '../i18n.ts';
import type { Queue } from '#shared/api/schemas.ts';
import { rememberHeadlines, useHeadlines, type Task } from './issue-data.ts';
import { mayActOn, queueDepartments, type Me, type QueueDepartment } from './session.ts';

export type QueueView = 'open' | 'mine' | 'all';
const views: QueueView[] = ['open', 'mine', 'all'];

export interface QueuePanelProps {
  me: Me;
  department: QueueDepartment;
  onDepartment: (department: QueueDepartment) => void;
  view: QueueView;
  onView: (view: QueueView) => void;
  selectedIssueId?: string;
  onOpen: (task: Task) => void;
  /** Bumped by the page after any change elsewhere, so the list reloads. */
  version: number;
  onChanged: (message: string) => void;
  onUnauthorized: () => void;
  heading?: string;
  intro?: string;
}

export function QueuePanel(props: QueuePanelProps) {
  const { me, department, view } = props;
  const [tasks, setTasks] = useState<Task[]>([]);
  const [nextToken, setNextToken] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [busyTask, setBusyTask] = useState<string>();
  const now = useNow();
  // Each answer carries its rows' headlines, read again with the list (every 30 s, after an action, by hand).
  const headlines = useHeadlines();

  const latest = useRef(0);
  const load = useCallback(
    async (more?: string) => {
      // Only the latest request may fill the list: an answer for a view left meanwhile is dropped.
      const request = ++latest.current;
      setLoading(true);
      try {
        const query = new URLSearchParams({ view, ...(more ? { nextToken: more } : {}) });
        const response = await api<Queue>('GET', `/api/queues/${department}?${query}`, { auth: true });
        if (request !== latest.current) return;
        rememberHeadlines(response.body.headlines);
        setTasks((current) => (more ? [...current, ...response.body.tasks] : response.body.tasks));
        setNextToken(response.body.nextToken);
        setError(undefined);
      } catch (failure) {
        if (request !== latest.current) return;
        if ((failure as { status?: number }).status === 401) return props.onUnauthorized();
        setError(errorSentence(failure));
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [department, view],
  );

  useEffect(() => setActionError(undefined), [department, view]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load, props.version]);

  async function act(task: Task, action: 'claim' | 'release') {
    setBusyTask(task.taskId);
    setActionError(undefined);
    try {
      await api('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/${action}`, { auth: true });
      // A claimed task leaves the open view: its issue opens, where the work is done.
      if (action === 'claim') props.onOpen(task);
      props.onChanged(t(action === 'claim' ? 'claimed' : 'released'));
    } catch (failure) {
      if ((failure as { status?: number }).status === 401) return props.onUnauthorized();
      setActionError(errorSentence(failure));
      void load();
    } finally {
      setBusyTask(undefined);
    }
  }

  const queueTitle = props.heading ?? t('queueOf', { department: departmentName(department) });
  return html`<section class="panel queue-panel" aria-labelledby="queue-title">
    <div class="panel-head">
      <h2 id="queue-title">${queueTitle}</h2>
      <button type="button" class="small" onClick=${() => void load()} disabled=${loading}>${t('refresh')}</button>
    </div>
    ${props.intro ? html`<p class="hint">${props.intro}</p>` : null}
    <div class="queue-controls">
      <label class="inline-field">
        <span>${t('queue')}</span>
        <select value=${department} onChange=${(event: Event) => props.onDepartment((event.target as HTMLSelectElement).value as QueueDepartment)}>
          ${queueDepartments.map((option) => html`<option value=${option}>${departmentName(option)}</option>`)}
        </select>
      </label>
      <div class="segmented" role="group" aria-label=${t('view')}>
        ${views.map(
          (option) =>
            html`<button type="button" aria-pressed=${option === view ? 'true' : 'false'} onClick=${() => props.onView(option)}>${t(`view.${option}` as MessageKey)}</button>`,
        )}
      </div>
    </div>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    ${actionError ? html`<${Notice} kind="error">${actionError}</${Notice}>` : null}
    <div aria-live="polite" aria-busy=${loading ? 'true' : 'false'}>
      ${tasks.length === 0 && !loading ? html`<p class="empty">${t('noTasks')}</p>` : null}
      ${tasks.length === 0 && loading ? html`<p class="empty">${t('loading')}</p>` : null}
      <ul class="task-list">
        ${tasks.map((task) => {
          const headline = headlines.get(task.issueId);
          const state = sla(task.dueAt, now);
          const mine = task.claimedBy === me.username;
          const selected = task.issueId === props.selectedIssueId;
          return html`<li class=${`task-row ${selected ? 'selected' : ''}`} data-task-id=${task.taskId}>
            <div class="task-main">
              <p class="task-issue">
                <button type="button" class="link task-open" aria-current=${selected ? 'true' : undefined} onClick=${() => props.onOpen(task)}>
                  ${headline?.subject ?? html`<code>${task.issueId}</code>`}
                </button>
                ${headline?.customerName ? html` <span class="muted">· ${headline.customerName}${headline.company ? `, ${headline.company}` : ''}</span>` : null}
                ${headline?.unreadMessage ? html` <span class="badge unread-message">${t('unreadCustomerMessage')}</span>` : null}
              </p>
              <p class="task-ref muted">${headline?.orderRef ? t('orderRefShort', { orderRef: headline.orderRef }) : null}${headline?.orderRef ? ' · ' : null}<code>${task.issueId}</code></p>
              <p class="task-step">${pick(task.stepName)} <span class="muted">· ${pick(flowNames[task.flowId as FlowId]) || task.flowId}</span></p>
              <p class="task-meta">
                <span class=${`sla ${state.overdue ? 'overdue' : state.soon ? 'soon' : ''}`}>${state.overdue ? html`<span aria-hidden="true">⚠ </span>` : null}${state.text}</span>
                <span class="muted"> · ${t('dueAt', { time: dateTime(task.dueAt) })}</span>
                ${task.status === 'claimed' ? html`<span class="muted"> · ${mine ? t('heldByYou') : t('heldBy', { username: task.claimedBy ?? '' })}</span>` : null}
              </p>
            </div>
            <div class="task-actions">
              ${task.status === 'open' && mayActOn(me, task.department)
                ? html`<button type="button" class="small primary" disabled=${busyTask === task.taskId} onClick=${() => act(task, 'claim')}>
                    ${t('claim')}<span class="visually-hidden">: ${pick(task.stepName)}, ${headline?.subject ?? task.issueId}</span>
                  </button>`
                : null}
              ${task.status === 'claimed' && (mine || (mayActOn(me, task.department) && me.groups.includes('managers')))
                ? html`<button type="button" class="small" disabled=${busyTask === task.taskId} onClick=${() => act(task, 'release')}>
                    ${t('release')}<span class="visually-hidden">: ${pick(task.stepName)}, ${headline?.subject ?? task.issueId}</span>
                  </button>`
                : null}
            </div>
          </li>`;
        })}
      </ul>
      ${nextToken ? html`<button type="button" onClick=${() => load(nextToken)} disabled=${loading}>${t('loadMore')}</button>` : null}
    </div>
  </section>`;
}
