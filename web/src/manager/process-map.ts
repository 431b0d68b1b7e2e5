// The manager's live process map (流程全景图) of one flow, from GET /api/flows/{flowId}/map, which
// folds the flow's ASL into steps, lanes and decisions with what waits now (shared/domain/readable-map.ts):
// this panel only lays it out (map-layout.ts) and draws it (map-drawing.ts). Above the drawing, the
// worst wait in words; the same figures as a table, for screen readers and exact numbers. Under it,
// the flow's KPIs and bounce report; over it, the path of the issue open in the console, with times.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { ReadableMap } from '#shared/api/schemas.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { duration } from '../format.ts';
import { departmentName, pick, t, useLang, type Localized } from '../i18n.ts';
import { BounceReport, KpiCards } from './flow-kpis.ts';
import { flowList, type FlowSummary } from './flow-list.ts';
import { useIssueInAddress, useIssuePath, type IssuePath } from './issue-path.ts';
import { MapDrawing } from './map-drawing.ts';
import { layout, type Layout } from './map-layout.ts';

/** Above the drawing while an issue's path is shown: whose path, each visit with its department and time, where it is now, and a way to clear it. */
function PathLegend({ path, stepName, onClear }: { path: IssuePath; stepName: (step: string) => string; onClear: () => void }) {
  return html`<div class="path-legend" role="status">
    <span class="path-swatch" aria-hidden="true"></span>
    <div class="path-text">
      <strong>${t('pathOf', { subject: path.subject })}</strong>
      <ol class="path-steps">
        ${path.visits.map(
          (visit) => html`<li class=${visit.current ? 'path-current' : ''}>
            <span class="path-step">${stepName(visit.step)}</span> <span class="path-time">(${departmentName(visit.department)} · ${visit.current ? t('pathSoFar', { duration: duration(visit.seconds) }) : duration(visit.seconds)})</span>
          </li>`,
        )}
      </ol>
    </div>
    <button type="button" class="small" onClick=${onClear}>${t('clearPath')}</button>
  </div>`;
}

/** The worst wait of the flow in one sentence, above the map, so nobody has to look for it. */
function Callout({ callout }: { callout: ReadableMap['callout'] }) {
  if (!callout) return html`<p class="map-callout calm" role="status">${t('calloutNone')}</p>`;
  const step = callout.kind === 'decisions' ? t('decisionsAt', { step: pick(callout.name) }) : pick(callout.name);
  const params = { step, department: departmentName(callout.department), open: callout.open, overdue: callout.overdueNow, age: duration(callout.oldestWaitSeconds ?? 0) };
  const sentence = callout.reason === 'overdue' ? t('calloutOverdue', params) : t(callout.oldestWaitSeconds === undefined ? 'calloutClaimed' : 'calloutWaiting', params);
  return html`<p class=${`map-callout ${callout.reason}`} role="status" data-node=${callout.node}>${sentence}</p>`;
}

export function ProcessMapPanel({ version, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  useLang();
  const [flows, setFlows] = useState<FlowSummary[]>();
  const [flowId, setFlowId] = useState<string>();
  const [map, setMap] = useState<ReadableMap>();
  const [drawing, setDrawing] = useState<Layout>();
  const [error, setError] = useState<string>();
  // The issue open in the console draws its path, until the manager clears it (for that issue).
  const openIssueId = useIssueInAddress();
  const [clearedFor, setClearedFor] = useState<string>();
  const path = useIssuePath(openIssueId === clearedFor ? undefined : openIssueId, version, onUnauthorized);

  const fail = (failure: unknown) => {
    if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
    setError(errorSentence(failure));
  };
  const showFlow = (next: string) => {
    if (next === flowId) return;
    setDrawing(undefined);
    setFlowId(next);
  };

  useEffect(() => {
    flowList().then((listed) => {
      const available = listed.filter((flow) => flow.available);
      setFlows(available);
      setFlowId((current) => current ?? available[0]?.flowId);
    }, fail);
  }, []);

  // The map switches to the flow of the issue whose path it shows.
  useEffect(() => {
    if (path) showFlow(path.flowId);
  }, [path?.issueId, path?.flowId]);

  useEffect(() => {
    if (!flowId) return;
    let current = true;
    const load = () =>
      api<ReadableMap>('GET', `/api/flows/${encodeURIComponent(flowId)}/map`, { auth: true }).then(async (response) => {
        if (!current) return;
        setMap(response.body);
        const laidOut = await layout(response.body);
        if (current) {
          setDrawing(laidOut);
          setError(undefined);
        }
      }, fail);
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [flowId, version]);

  const flowName = flows?.find((flow) => flow.flowId === flowId)?.name;
  const title = t('processMapOf', { flow: flowName ? pick(flowName) : (flowId ?? '') });
  const shownMap = map?.flowId === flowId ? map : undefined;
  const steps = (shownMap?.nodes ?? []).filter((node) => node.kind === 'step' || node.kind === 'decisions');
  const names = new Map<string, Localized>();
  for (const node of shownMap?.nodes ?? []) if (node.kind === 'step' && node.step && node.name) names.set(node.step, node.name);
  const stepName = (step: string) => {
    const name = names.get(step);
    if (name) return pick(name);
    // A manager decision is named after the step it is about.
    const decisions = steps.find((node) => node.kind === 'decisions' && node.steps.includes(step));
    return decisions ? t('decisionsAt', { step: pick(decisions.name) }) : step;
  };
  const shownPath = path && path.flowId === flowId && shownMap ? path : undefined;
  return html`<section class="panel map-panel" aria-labelledby="map-title">
    <div class="panel-head">
      <h2 id="map-title">${t('processMap')}</h2>
      ${flows && flows.length > 0
        ? html`<label class="inline-field"><span>${t('flow')}</span>
            <select value=${flowId} onChange=${(event: Event) => {
              const next = (event.target as HTMLSelectElement).value;
              // Another flow's map cannot show this issue's path.
              if (path && path.flowId !== next) setClearedFor(path.issueId);
              showFlow(next);
            }}>
              ${flows.map((flow) => html`<option value=${flow.flowId}>${pick(flow.name)} · v${flow.version}</option>`)}
            </select></label>`
        : null}
    </div>
    <p class="hint">${t('mapLegend')}</p>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    ${shownMap ? html`<${Callout} callout=${shownMap.callout} />` : null}
    ${shownPath ? html`<${PathLegend} path=${shownPath} stepName=${stepName} onClear=${() => setClearedFor(shownPath.issueId)} />` : null}
    ${drawing ? html`<${MapDrawing} drawing=${drawing} title=${title} visits=${shownPath?.visits} />` : html`<p class="muted">${t('loading')}</p>`}
    ${shownMap
      ? html`<div class="flow-figures">
          <${KpiCards} kpis=${shownMap.kpis} />
          <${BounceReport} bounces=${shownMap.bounces} stepName=${stepName} />
        </div>`
      : null}
    ${steps.length > 0
      ? html`<table class="counts map-table">
          <caption>${title}</caption>
          <thead><tr>
            <th scope="col">${t('step')}</th><th scope="col">${t('queue')}</th><th scope="col">${t('sla')}</th>
            <th scope="col" class="number">${t('openCount')}</th><th scope="col" class="number">${t('claimedCount')}</th>
            <th scope="col" class="number">${t('overdueNow')}</th><th scope="col" class="number">${t('lateWithManager')}</th><th scope="col" class="number">${t('oldestWait')}</th><th scope="col" class="number">${t('breachedPast')}</th>
          </tr></thead>
          <tbody>
            ${steps.map((node) => {
              const counts = node.counts!;
              const name = node.kind === 'decisions' ? t('decisionsAt', { step: pick(node.name) }) : pick(node.name);
              const onPath = shownPath?.steps.some((step) => node.steps.includes(step));
              return html`<tr data-node=${node.id} data-step=${node.kind === 'step' && !node.homeDepartment ? node.step : undefined} class=${`wait-${node.wait ?? 'none'} ${onPath ? 'on-path' : ''}`}>
                <th scope="row">${name}${node.homeDepartment ? html` <span class="muted">(${t('reroutedFrom', { department: departmentName(node.homeDepartment) })})</span>` : null}</th>
                <td><span class=${`dept dept-${node.department}`}>${departmentName(node.department)}</span></td>
                <td>${node.slaSeconds ? duration(node.slaSeconds) : '–'}</td>
                <td class="number">${counts.open}</td>
                <td class="number">${counts.claimed}</td>
                <td class=${`number ${counts.overdueNow > 0 ? 'overdue' : ''}`}>${counts.overdueNow}</td>
                <td class=${`number ${counts.lateWithManager > 0 ? 'overdue' : ''}`}>${counts.lateWithManager}</td>
                <td class="number">${counts.oldestWaitSeconds === undefined ? '–' : duration(counts.oldestWaitSeconds)}</td>
                <td class="number">${counts.breachedPast}</td>
              </tr>`;
            })}
          </tbody>
        </table>`
      : null}
  </section>`;
}
