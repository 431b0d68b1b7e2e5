// The managers' figures for a period (GET /api/figures): a period selector, the flow and version,
// the headline figures, per department, per step, per flow version, per week (with trend charts)
// and the open issues by age, each table with its CSV export. Empty figures say "none yet", never 0.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { FiguresReport, PeriodFigures, Percentiles } from '#shared/api/figure-schemas.ts';
import { stepNameOf } from '#shared/flows/step-names.ts';
import { api, ApiError, errorSentence } from '../api.ts';
import { duration } from '../format.ts';
import { departmentName, locale, pick, t, useLang, type MessageKey } from '../i18n.ts';
import { exportFigureTable, type FigureTableName } from './figure-export.ts';
import { flowList, type FlowSummary } from './flow-list.ts';
import { PeriodSelect, presetPeriod, type Period } from './period-select.ts';
import { TrendChart } from './trend-chart.ts';

const none = () => t('figuresNone');
const seconds = (value: number | null) => (value === null ? none() : duration(value));
const percent = (value: number | null) => (value === null ? none() : `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value)} %`);
const number = (value: number | null) => (value === null ? none() : new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value));
const p50p90 = (figure: Percentiles) => (figure.count === 0 ? none() : `${seconds(figure.p50)} / ${seconds(figure.p90)}`);

function ExportButton({ table, query, onError }: { table: FigureTableName; query: URLSearchParams; onError: (failure: unknown) => void }) {
  return html`<button type="button" class="small" data-export=${table} onClick=${() => exportFigureTable(query, table).catch(onError)}>${t('figuresExport')}</button>`;
}

function Table({ id, title, table, query, onError, head, rows }: { id: string; title: MessageKey; table: FigureTableName; query: URLSearchParams; onError: (failure: unknown) => void; head: string[]; rows: unknown[][] }) {
  return html`<section class="figure-table" data-table=${table} aria-labelledby=${id}>
    <div class="panel-head"><h3 id=${id}>${t(title)}</h3><${ExportButton} table=${table} query=${query} onError=${onError} /></div>
    ${rows.length === 0
      ? html`<p class="empty">${t('figuresNothing')}</p>`
      : html`<table class="counts">
          <thead><tr>${head.map((label, index) => html`<th scope="col" class=${index > 0 ? 'number' : ''}>${label}</th>`)}</tr></thead>
          <tbody>${rows.map(([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((cell) => html`<td class="number">${cell}</td>`)}</tr>`)}</tbody>
        </table>`}
  </section>`;
}

/** The headline figures of a slice (the period, a version, a week), as the rows of the versions and weeks tables. */
const headline = (figures: PeriodFigures) => [figures.opened, figures.closed, p50p90(figures.endToEnd), percent(figures.firstTimeRightPercent), number(figures.reroutesPer100), number(figures.bouncesPer100)];
const headlineHead = () => [t('figuresOpened'), t('figuresClosed'), t('figuresEndToEnd'), t('figuresFirstTimeRight'), t('figuresReroutesPer100'), t('figuresBouncesPer100')];

function Cards({ figures }: { figures: PeriodFigures }) {
  const card = (key: MessageKey, value: string | number, hint?: string) => html`<li class="kpi-card" data-figure=${key}>
    <span class="kpi-label">${t(key)}</span><span class="kpi-value">${value}</span>${hint ? html`<span class="kpi-hint">${hint}</span>` : null}
  </li>`;
  return html`<ul class="kpi-cards figure-cards">
    ${card('figuresOpened', figures.opened)} ${card('figuresClosed', figures.closed)}
    ${card('figuresEndToEnd', p50p90(figures.endToEnd), t('figuresP50P90'))}
    ${card('figuresFirstTimeRight', percent(figures.firstTimeRightPercent), t('figuresFirstTimeRightHint'))}
    ${card('figuresReroutesPer100', number(figures.reroutesPer100))} ${card('figuresBouncesPer100', number(figures.bouncesPer100))}
    ${card('figuresCustomerWait', seconds(figures.meanCustomerWaitSeconds), t('figuresPerClosedIssue'))}
    ${card('figuresReopenRate', figures.reopened === 0 ? t('figuresNoReopens') : percent(figures.reopenPercent))}
    ${card('figuresRating', figures.ratings === 0 ? t('figuresNoRatings') : `${number(figures.meanRating)} (${figures.ratings})`)}
  </ul>`;
}

export function FiguresPanel({ version: refresh, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  useLang();
  const [period, setPeriod] = useState<Period>(() => presetPeriod('7d'));
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [flowId, setFlowId] = useState('');
  const [flowVersion, setFlowVersion] = useState('');
  const [report, setReport] = useState<FiguresReport>();
  const [error, setError] = useState<string>();
  const fail = (failure: unknown) => {
    if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
    setError(errorSentence(failure));
  };
  const query = new URLSearchParams({ from: period.from, to: period.to, ...(flowId ? { flowId } : {}), ...(flowId && flowVersion ? { version: flowVersion } : {}) });

  useEffect(() => {
    flowList().then(setFlows, fail);
  }, []);
  useEffect(() => {
    let current = true;
    api<FiguresReport>('GET', `/api/figures?${query}`, { auth: true }).then((response) => {
      if (!current) return;
      setReport(response.body);
      setError(undefined);
    }, fail);
    return () => {
      current = false;
    };
  }, [query.toString(), refresh]);

  const chosenFlow = flows.find((flow) => flow.flowId === flowId);
  const figures = report?.figures;
  const weeks = report?.weeks ?? [];
  const hours = (value: number | null) => (value === null ? null : Math.round((value / 3600) * 10) / 10);
  return html`<section class="panel figures-panel" aria-labelledby="figures-title">
    <div class="panel-head"><h2 id="figures-title">${t('figuresTitle')}</h2></div>
    <p class="hint">${t('figuresIntro', { bound: report ? Math.round(report.percentileErrorBound * 1000) / 10 : 9.1 })}</p>
    <div class="figures-controls">
      <${PeriodSelect} period=${period} onChange=${setPeriod} />
      <label class="inline-field"><span>${t('figuresFlow')}</span>
        <select name="flowId" value=${flowId} onChange=${(event: Event) => { setFlowId((event.target as HTMLSelectElement).value); setFlowVersion(''); }}>
          <option value="">${t('figuresEveryFlow')}</option>
          ${flows.map((flow) => html`<option value=${flow.flowId}>${pick(flow.name)}</option>`)}
        </select>
      </label>
      ${chosenFlow
        ? html`<label class="inline-field"><span>${t('figuresVersion')}</span>
            <select name="version" value=${flowVersion} onChange=${(event: Event) => setFlowVersion((event.target as HTMLSelectElement).value)}>
              <option value="">${t('figuresEveryVersion')}</option>
              ${Array.from({ length: chosenFlow.version }, (_, index) => index + 1).map((version) => html`<option value=${String(version)}>${t('figuresVersionN', { version })}</option>`)}
            </select>
          </label>`
        : null}
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${!figures
      ? html`<p class="hint">${t('loading')}</p>`
      : html`<div class="figures-body" data-from=${report!.from} data-to=${report!.to}>
          <div class="panel-head"><h3>${t('figuresSummary')}</h3><${ExportButton} table="summary" query=${query} onError=${fail} /></div>
          <${Cards} figures=${figures} />
          <${Table} id="figures-departments" title="figuresDepartments" table="departments" query=${query} onError=${fail}
            head=${[t('figuresDepartment'), t('figuresMeanHeld')]}
            rows=${Object.entries(figures.meanHeldSeconds).map(([department, held]) => [departmentName(department), duration(held)])} />
          <${Table} id="figures-steps" title="figuresSteps" table="steps" query=${query} onError=${fail}
            head=${[t('step'), t('figuresWaitBeforeClaim'), t('figuresWork'), t('figuresSla')]}
            rows=${figures.steps.map((step) => [pick(stepNameOf(step.step)) || step.step, p50p90(step.waitBeforeClaim), p50p90(step.work), step.slaMet + step.slaMissed === 0 ? none() : `${percent(step.slaPercent)} (${step.slaMet}/${step.slaMet + step.slaMissed})`])} />
          <${Table} id="figures-versions" title="figuresVersions" table="versions" query=${query} onError=${fail}
            head=${[t('figuresFlowVersion'), ...headlineHead()]}
            rows=${report!.versions.map((row) => [`${pick(flows.find((flow) => flow.flowId === row.flowId)?.name) || row.flowId} · ${t('figuresVersionN', { version: row.version })}`, ...headline(row.figures)])} />
          <section class="figure-trends" aria-label=${t('figuresTrends')}>
            <${TrendChart} title=${t('figuresTrendCounts')} weeks=${weeks.map((week) => week.week)}
              series=${[
                { label: t('figuresOpened'), color: '#2563eb', values: weeks.map((week) => week.figures.opened) },
                { label: t('figuresClosed'), color: '#16a34a', values: weeks.map((week) => week.figures.closed) },
              ]} />
            <${TrendChart} title=${t('figuresTrendTimes')} weeks=${weeks.map((week) => week.week)} unit=${(value: number) => `${value} h`}
              series=${[
                { label: 'p50', color: '#9333ea', values: weeks.map((week) => hours(week.figures.endToEnd.p50)) },
                { label: 'p90', color: '#dc2626', values: weeks.map((week) => hours(week.figures.endToEnd.p90)) },
              ]} />
          </section>
          <${Table} id="figures-weeks" title="figuresWeeks" table="weeks" query=${query} onError=${fail}
            head=${[t('figuresWeekOf'), ...headlineHead()]} rows=${weeks.map((week) => [week.week, ...headline(week.figures)])} />
          <${Table} id="figures-ages" title="figuresAges" table="ages" query=${query} onError=${fail}
            head=${[t('figuresAgeBand'), t('figuresOpenIssues')]} rows=${report!.openByAge.map((row) => [t(`figuresAge.${row.band}` as MessageKey), row.count])} />
        </div>`}
  </section>`;
}
