// One issue's whole picture, open to every department: the latest handoff packet first, the tasks
// in progress (claim, release, complete), where it is and how long each department held it, the
// customer and their other issues, the append-only history with its corrections, and notes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowNames, type FlowId } from '#shared/flows/catalog.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { dateTime, duration, sla, useNow } from '../format.ts';
import { departmentName, hasMessage, pick, t, type MessageKey } from '../i18n.ts';
import { CompleteForm } from './complete-form.ts';
import { afterCompletion, followFlow } from './flow-progress.ts';
import { NoteForm, type Correcting } from './note-form.ts';
import { CoordinatorPanel } from './coordinator-panel.ts';
import { rememberHeadline, type IssueEvent, type IssueView as Issue360, type Task } from './issue-data.ts';
import { isManager, mayActOn, type Me } from './session.ts';
import type { Handoff } from '#shared/domain/handoff.ts';

interface Packet {
  summary?: string;
  done?: string;
  promised?: string;
}

const isActive = (task: Task) => task.status === 'open' || task.status === 'claimed';

function translated(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The step an event is about: most event types name its task and step (shared/domain/events.ts). */
function stepNameOf(view: Issue360, event: IssueEvent): string {
  if (event.type === 'task_opened') return pick(event.data.stepName);
  const task = view.tasks.find((candidate) => candidate.taskId === textOf(event.data.taskId));
  return task ? pick(task.stepName) : (textOf(event.data.step) ?? '');
}

function outcomeLabelOf(view: Issue360, event: IssueEvent): string {
  const outcomeId = textOf(event.data.outcome);
  const task = view.tasks.find((candidate) => candidate.taskId === textOf(event.data.taskId));
  const outcome = task?.outcomes.find((candidate) => candidate.id === outcomeId);
  return outcome ? pick(outcome.label) : (outcomeId ?? '');
}

function actorName(event: IssueEvent): string {
  if (event.actor.kind === 'staff') return event.actor.username;
  if (event.actor.kind === 'customer') return t('department.customer');
  return t('system');
}

/** The departments a reroute or bounce went between, and the flow version a start recorded. */
function routeOf(event: IssueEvent): { from: string; to: string; version: string } {
  if (event.type === 'issue_rerouted' || event.type === 'issue_bounced') return { from: departmentName(event.data.from), to: departmentName(event.data.to), version: '' };
  return { from: '', to: '', version: event.type === 'flow_started' ? String(event.data.flowVersion) : '' };
}

function eventTitle(view: Issue360, event: IssueEvent): string {
  // Every event type has its words in both languages: a type without them fails type checking here.
  const key: MessageKey = `event.${event.type}`;
  const params = {
    step: stepNameOf(view, event),
    department: event.department ? departmentName(event.department) : '',
    username: actorName(event),
    outcome: outcomeLabelOf(view, event),
    type: event.type.replace(/_/g, ' '),
    ...routeOf(event),
    coordinator: String((event.data as { to?: unknown; username?: unknown }).to ?? (event.data as { username?: unknown }).username ?? ''),
  };
  // A history written by a newer Baton than this page still reads.
  return hasMessage(key) ? t(key, params) : t('event.other', params);
}

/** Who handed over: a department's staff member, the customer, or Baton (no reply in time). */
function handoffOrigin(handoff: Handoff): string {
  const time = dateTime(handoff.at);
  if (handoff.from === 'customer') return t('packetFromCustomer', { time });
  if (handoff.from === 'system') return t('packetFromSystem', { time });
  return t('packetFrom', { department: departmentName(handoff.department ?? ''), username: handoff.by ?? '', time });
}

function PacketBody({ packet }: { packet: Packet }) {
  return html`<dl class="packet">
    ${packet.summary ? html`<div><dt>${t('summary')}</dt><dd>${packet.summary}</dd></div>` : null}
    ${packet.done ? html`<div><dt>${t('done')}</dt><dd>${packet.done}</dd></div>` : null}
    ${packet.promised ? html`<div><dt>${t('promised')}</dt><dd>${packet.promised}</dd></div>` : null}
  </dl>`;
}

function EventDetails({ view, event }: { view: Issue360; event: IssueEvent }) {
  // What a person entered: on a completion, and on one kept after the SLA.
  const entered = event.type === 'task_completed' || event.type === 'late_completion' ? event.data : undefined;
  const task = view.tasks.find((candidate) => candidate.taskId === entered?.taskId);
  const outcome = task?.outcomes.find((candidate) => candidate.id === entered?.outcome);
  const fieldEntries = Object.entries(entered?.fields ?? {});
  return html`
    ${event.type === 'task_opened' ? html`<p class="muted">${t('dueAt', { time: dateTime(event.data.dueAt) })}</p>` : null}
    ${fieldEntries.length > 0
      ? html`<dl class="event-fields">
          ${fieldEntries.map(([name, value]) => {
            const field = outcome?.fields.find((candidate) => candidate.name === name);
            const shown = typeof value === 'boolean' ? (value ? t('yes') : '—') : field?.type === 'department' ? departmentName(String(value)) : String(value);
            return html`<div><dt>${field ? pick(field.label) : name}</dt><dd>${shown}</dd></div>`;
          })}
        </dl>`
      : null}
    ${entered?.packet ? html`<div class="packet-inline"><p class="packet-title">${t('handoffPacket')}</p><${PacketBody} packet=${entered.packet} /></div>` : null}
    ${event.text ? html`<p class="event-text">${event.text}</p>` : null}
  `;
}

export interface IssueViewProps {
  issueId: string;
  me: Me;
  version: number;
  onChanged: (message: string) => void;
  onOpenIssue: (issueId: string) => void;
  onOpenCustomer: (customerId: string) => void;
  onUnauthorized: () => void;
  onClose: () => void;
}

export function IssueView(props: IssueViewProps) {
  const { issueId, me } = props;
  const [view, setView] = useState<Issue360>();
  const [error, setError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [correcting, setCorrecting] = useState<Correcting>();
  const [justAdded, setJustAdded] = useState<number>();
  const toShow = useRef<number | undefined>(undefined);
  const now = useNow();
  const heading = useRef<HTMLHeadingElement>(null);
  const latest = useRef(0);

  async function load() {
    // Only the latest read may fill the view: after a completion the view is read twice (at once, and when the flow has
    // moved on), and on a busy server the first answer can come last, putting back the moment in between.
    const request = ++latest.current;
    try {
      const response = await api<Issue360>('GET', `/api/issues/${encodeURIComponent(issueId)}`, { auth: true });
      // A newer read, or another issue opened meanwhile: this answer is not wanted any more.
      if (request !== latest.current) return;
      setView(response.body);
      rememberHeadline(response.body);
      setError(undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return props.onUnauthorized();
      if (request === latest.current) setError(errorSentence(failure));
    }
  }

  useEffect(() => {
    setView(undefined);
    setError(undefined);
    setActionError(undefined);
    setCorrecting(undefined);
    setJustAdded(undefined);
    toShow.current = undefined;
    void load().then(() => heading.current?.focus());
  }, [issueId]);
  useEffect(() => {
    if (props.version > 0) void load();
  }, [props.version]);
  // A note just added is shown (and focused) once, when the reloaded history first holds it.
  useEffect(() => {
    const seq = toShow.current;
    if (seq === undefined || !view?.events.some((event) => event.seq === seq)) return;
    toShow.current = undefined;
    showEntry(seq);
  }, [view]);

  function showEntry(seq: number) {
    const entry = document.getElementById(`entry-${seq}`);
    entry?.scrollIntoView({ block: 'center' });
    entry?.focus({ preventScroll: true });
  }

  function noteAdded(event: IssueEvent, message: string) {
    setCorrecting(undefined);
    setJustAdded(event.seq);
    toShow.current = event.seq;
    props.onChanged(message);
  }

  /** The flow moves on after the answer: say so at once, follow it, then tell what really happened. */
  async function completed(task: Task, outcome: string) {
    props.onChanged(t('completed', { outcome }));
    const before = { holderTaskIds: (view?.issue.holders ?? []).map((holder) => holder.taskId).filter((taskId) => taskId !== task.taskId) };
    try {
      props.onChanged(afterCompletion(outcome, await followFlow(task.issueId, before)));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return props.onUnauthorized();
      props.onChanged(t('afterStillMoving', { outcome }));
    }
  }

  async function act(task: Task, action: 'claim' | 'release') {
    setBusy(true);
    setActionError(undefined);
    try {
      await api('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/${action}`, { auth: true });
      props.onChanged(t(action === 'claim' ? 'claimed' : 'released'));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return props.onUnauthorized();
      setActionError(errorSentence(failure));
      void load();
    } finally {
      setBusy(false);
    }
  }

  if (error) return html`<section class="panel issue-panel"><${Notice} kind="error">${error}</${Notice}></section>`;
  if (!view) return html`<section class="panel issue-panel" aria-busy="true"><p>${t('loading')}</p></section>`;

  const { issue, customer } = view;
  const packet = view.handoffs.at(-1);
  const active = view.tasks.filter(isActive);
  const clocks = Object.entries(view.clocks ?? {}).filter(([, seconds]) => seconds > 0);
  const correctedBy = new Map<number, number[]>();
  for (const event of view.events) {
    if (event.corrects !== undefined) correctedBy.set(event.corrects, [...(correctedBy.get(event.corrects) ?? []), event.seq]);
  }
  const entryLink = (seq: number, key: 'correctsEntry' | 'correctedBy') =>
    html`<button type="button" class="link" onClick=${() => showEntry(seq)}>${t(key, { seq })}</button>`;

  return html`<article class="panel issue-panel" aria-labelledby="issue-title">
    <div class="panel-head">
      <h2 id="issue-title" tabindex="-1" ref=${heading}>${issue.subject}</h2>
      <button type="button" class="small" onClick=${props.onClose}>${t('close')}<span class="visually-hidden">: ${issue.subject}</span></button>
    </div>
    <dl class="facts">
      <div><dt>${t('issueId')}</dt><dd><code>${issue.issueId}</code></dd></div>
      <div><dt>${t('flow')}</dt><dd>${pick(flowNames[issue.flowId as FlowId]) || issue.flowId} · v${issue.flowVersion}</dd></div>
      <div><dt>${t('status')}</dt><dd><span class=${`badge status-${issue.status}`}>${translated('issueStatus', issue.status)}</span></dd></div>
      <div><dt>${t('createdAt')}</dt><dd>${dateTime(issue.createdAt)}</dd></div>
      ${'orderRef' in issue && issue.orderRef ? html`<div><dt>${t('orderReference')}</dt><dd>${issue.orderRef}</dd></div>` : null}
    </dl>

    <${CoordinatorPanel} issueId=${issue.issueId} coordinator=${issue.coordinator} mayChange=${isManager(me)} onChanged=${props.onChanged} onUnauthorized=${props.onUnauthorized} />

    <section aria-labelledby="packet-title" class="packet-box">
      <h3 id="packet-title">${t('latestPacket')}</h3>
      ${packet
        ? html`<p class="muted">${handoffOrigin(packet)}</p>
            <${PacketBody} packet=${packet} />`
        : html`<p class="muted">${t('noPacket')}</p>`}
    </section>

    ${actionError ? html`<${Notice} kind="error">${actionError}</${Notice}>` : null}
    ${active.map((task) => {
      const state = sla(task.dueAt, now);
      const mine = task.claimedBy === me.username;
      const mayAct = mayActOn(me, task.department);
      return html`<section class="active-task" aria-label=${pick(task.stepName)}>
        <div class="active-task-head">
          <div>
            <p class="task-step">${pick(task.stepName)} <span class="muted">· ${departmentName(task.department)}</span></p>
            <p class="task-meta">
              <span class=${`badge task-${task.status}`}>${translated('taskStatus', task.status)}</span>
              <span class=${`sla ${state.overdue ? 'overdue' : state.soon ? 'soon' : ''}`}> ${state.text}</span>
              ${task.status === 'claimed' ? html`<span class="muted"> · ${mine ? t('heldByYou') : t('heldBy', { username: task.claimedBy ?? '' })}</span>` : null}
            </p>
          </div>
          <div class="task-actions">
            ${task.status === 'open' && mayAct ? html`<button type="button" class="primary" disabled=${busy} onClick=${() => act(task, 'claim')}>${t('claim')}</button>` : null}
            ${task.status === 'claimed' && (mine || (mayAct && isManager(me))) ? html`<button type="button" disabled=${busy} onClick=${() => act(task, 'release')}>${t('release')}</button>` : null}
          </div>
        </div>
        ${task.status === 'claimed' && mine
          ? html`<${CompleteForm} key=${task.taskId} task=${task} onCompleted=${(outcome: string) => void completed(task, outcome)} onUnauthorized=${props.onUnauthorized} />`
          : null}
      </section>`;
    })}

    <div class="grid-2 facts-grid">
      <section aria-labelledby="now-title">
        <h3 id="now-title">${t('holders')}</h3>
        ${issue.holders.length === 0
          ? html`<p class="muted">—</p>`
          : html`<ul class="plain">${issue.holders.map((holder) => html`<li>${t('withDepartmentSince', { department: departmentName(holder.department), time: dateTime(holder.since) })}</li>`)}</ul>`}
        <p class="muted">${t('reroutes')}: ${issue.reroutes} · ${t('bounces')}: ${issue.bounces}</p>
        ${view.path.length > 0
          ? html`<p class="muted">${t('path')}: ${view.path.map((step) => view.tasks.find((task) => task.step === step)).map((task, index) => (task ? pick(task.stepName) : view.path[index])).join(' → ')}</p>`
          : null}
      </section>
      <section aria-labelledby="clocks-title">
        <h3 id="clocks-title">${t('departmentClocks')}</h3>
        ${clocks.length === 0
          ? html`<p class="muted">—</p>`
          : html`<dl class="clocks">${clocks.map(([department, seconds]) => html`<div><dt>${departmentName(department)}</dt><dd>${duration(seconds)}</dd></div>`)}</dl>`}
      </section>
    </div>

    <div class="grid-2 facts-grid">
      <section aria-labelledby="customer-title">
        <h3 id="customer-title">${t('customer')}</h3>
        ${customer
          ? html`<p>${customer.name}${customer.company ? html` · ${customer.company}` : null}</p>
              <p><a href=${`mailto:${customer.email}`}>${customer.email}</a>${customer.phone ? html` · <a href=${`tel:${customer.phone}`}>${customer.phone}</a>` : null}</p>
              ${customer.customerId
                ? html`<p><button type="button" class="small" onClick=${() => props.onOpenCustomer(customer.customerId!)}>${t('openCustomer')}</button></p>`
                : null}`
          : html`<p class="muted">—</p>`}
      </section>
      <section aria-labelledby="other-title">
        <h3 id="other-title">${t('otherIssues')}</h3>
        ${view.otherIssues.length === 0
          ? html`<p class="muted">${t('noOtherIssues')}</p>`
          : html`<ul class="plain">
              ${view.otherIssues.map(
                (other) => html`<li>
                  <button type="button" class="link" onClick=${() => props.onOpenIssue(other.issueId!)}>${other.subject}</button>
                  <span class="muted"> · ${translated('issueStatus', other.status ?? '')} · ${dateTime(other.createdAt)}</span>
                </li>`,
              )}
            </ul>`}
      </section>
    </div>

    <section aria-labelledby="history-title">
      <h3 id="history-title">${t('history')}</h3>
      <ol class="timeline history">
        ${view.events.map((event) => {
          const title = eventTitle(view, event);
          const corrections = correctedBy.get(event.seq) ?? [];
          return html`<li id=${`entry-${event.seq}`} tabindex="-1" data-seq=${event.seq}
            class=${`event event-${event.type} ${event.seq === justAdded ? 'just-added' : ''} ${correcting?.seq === event.seq ? 'being-corrected' : ''}`}>
            <div class="event-head">
              <span class="entry-number">#${event.seq}</span>
              <time datetime=${event.at}>${dateTime(event.at)}</time>
              ${event.department ? html`<span class=${`dept dept-${event.department}`}>${departmentName(event.department)}</span>` : null}
              <span class=${`visibility ${event.visibility}`}>${event.visibility === 'internal' ? t('internal') : t('customerVisible')}</span>
              <button type="button" class="link correct-this" aria-describedby=${`entry-${event.seq}-title`} onClick=${() => setCorrecting({ seq: event.seq, title })}>
                ${t('correctThis')}<span class="visually-hidden">: #${event.seq}</span>
              </button>
            </div>
            <p class="timeline-title" id=${`entry-${event.seq}-title`}>${title}</p>
            ${event.corrects ? html`<p class="correction-link corrects">${entryLink(event.corrects, 'correctsEntry')}</p>` : null}
            <${EventDetails} view=${view} event=${event} />
            ${corrections.length > 0 ? html`<p class="correction-link corrected-by">${corrections.map((seq, index) => html`${index > 0 ? ' · ' : ''}${entryLink(seq, 'correctedBy')}`)}</p>` : null}
          </li>`;
        })}
      </ol>
    </section>

    <section class="note-box">
      <${NoteForm}
        issueId=${issue.issueId}
        correcting=${correcting}
        onCancelCorrection=${() => setCorrecting(undefined)}
        onShowEntry=${showEntry}
        onAdded=${noteAdded}
        onUnauthorized=${props.onUnauthorized}
      />
    </section>
  </article>`;
}
