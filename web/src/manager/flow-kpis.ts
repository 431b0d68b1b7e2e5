// Under the process map: the flow's KPIs as cards and its bounce report (where issues went back to a
// department that had already handed them off), both from the map's own response.
import { html } from 'htm/preact';
import type { BounceReport as Bounces, FlowKpis } from '#shared/api/schemas.ts';
import { duration } from '../format.ts';
import { departmentName, locale, t, type MessageKey } from '../i18n.ts';

const departmentOrder = ['sales', 'production', 'service', 'management'];
const percent = (share: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

function Card({ label, value, hint, tone }: { label: MessageKey; value: string | number; hint?: string; tone?: 'alert' }) {
  return html`<li class=${`kpi-card ${tone === 'alert' ? 'kpi-alert' : ''}`} data-kpi=${label}>
    <span class="kpi-label">${t(label)}</span>
    <span class="kpi-value">${value}</span>
    ${hint ? html`<span class="kpi-hint">${hint}</span>` : null}
  </li>`;
}

export function KpiCards({ kpis }: { kpis: FlowKpis }) {
  const none = '–';
  const held = Object.entries(kpis.meanHeldSeconds).sort(([a], [b]) => departmentOrder.indexOf(a) - departmentOrder.indexOf(b));
  const longest = Math.max(1, ...held.map(([, seconds]) => seconds));
  return html`<section class="kpis" aria-labelledby="kpi-title">
    <h3 id="kpi-title">${t('kpiTitle')}</h3>
    <ul class="kpi-cards">
      <${Card} label="kpiOpenIssues" value=${kpis.openIssues} />
      <${Card} label="kpiClosedIssues" value=${kpis.closedIssues} />
      <${Card} label="kpiMeanCycle" value=${kpis.meanCycleSeconds === null ? none : duration(kpis.meanCycleSeconds)} hint=${t('kpiMeanCycleHint')} />
      <${Card} label="kpiCustomerWait" value=${kpis.customerWaitShare === null ? none : percent(kpis.customerWaitShare)} hint=${t('kpiCustomerWaitHint')} />
      <${Card} label="reroutes" value=${kpis.reroutes} />
      <${Card} label="bounces" value=${kpis.bounces} tone=${kpis.bounces > 0 ? 'alert' : undefined} />
      <${Card} label="kpiReopens" value=${kpis.reopens} tone=${kpis.reopens > 0 ? 'alert' : undefined} />
      <${Card} label="kpiBreaches" value=${kpis.slaBreaches} tone=${kpis.slaBreaches > 0 ? 'alert' : undefined} />
      <li class="kpi-card kpi-wide" data-kpi="kpiHeld">
        <span class="kpi-label">${t('kpiHeld')}</span>
        ${held.length === 0
          ? html`<span class="kpi-value">${none}</span>`
          : html`<dl class="kpi-held">
              ${held.map(
                ([department, seconds]) => html`<div class="kpi-held-row">
                  <dt><span class=${`dept dept-${department}`}>${departmentName(department)}</span></dt>
                  <dd><span class=${`kpi-bar stripe-${department}`} style=${`width: ${Math.max(2, (seconds / longest) * 100)}%`}></span>${duration(seconds)}</dd>
                </div>`,
              )}
            </dl>`}
      </li>
    </ul>
  </section>`;
}

export function BounceReport({ bounces, stepName }: { bounces: Bounces; stepName: (step: string) => string }) {
  return html`<section class="bounce-report" aria-labelledby="bounce-title">
    <h3 id="bounce-title">${t('bounceReport')}</h3>
    <p class="hint">${t('bounceReportIntro')}</p>
    ${bounces.length === 0
      ? html`<p class="empty">${t('noBounces')}</p>`
      : html`<table class="counts bounce-table">
          <thead><tr><th scope="col">${t('step')}</th><th scope="col">${t('bounceRoute')}</th><th scope="col" class="number">${t('bounces')}</th></tr></thead>
          <tbody>
            ${bounces.map(
              (bounce) => html`<tr data-step=${bounce.step}>
                <th scope="row">${stepName(bounce.step)}</th>
                <td><span class=${`dept dept-${bounce.from}`}>${departmentName(bounce.from)}</span> → <span class=${`dept dept-${bounce.to}`}>${departmentName(bounce.to)}</span></td>
                <td class="number">${bounce.count}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
  </section>`;
}
