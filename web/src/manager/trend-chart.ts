// A weekly trend of the figures, drawn with uPlot (loaded only when the figures are shown). uPlot
// draws on a canvas and sets sizes through the CSSOM, which the strict CSP allows; its stylesheet is
// bundled into styles.css. The same numbers are in the weeks table beside it (and its CSV).
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { locale } from '../i18n.ts';

export interface TrendSeries {
  label: string;
  /** A CSS color for the line (canvas, not a style attribute). */
  color: string;
  values: Array<number | null>;
}

export function TrendChart({ title, weeks, series, unit }: { title: string; weeks: string[]; series: TrendSeries[]; unit?: (value: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: uPlot | undefined;
    let gone = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (gone || !box.current) return;
      const width = Math.max(280, box.current.clientWidth || 560);
      const format = new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', timeZone: 'UTC' });
      chart = new UPlot(
        {
          width,
          height: 200,
          scales: { x: { time: false } },
          axes: [
            { values: (_chart, ticks) => ticks.map((tick) => (Number.isInteger(tick) && weeks[tick] ? format.format(new Date(`${weeks[tick]}T00:00:00Z`)) : '')) },
            { values: (_chart, ticks) => ticks.map((tick) => (unit ? unit(tick) : String(tick))), size: unit ? 70 : 40 },
          ],
          series: [{}, ...series.map((line) => ({ label: line.label, stroke: line.color, width: 2, points: { show: true, size: 6 } }))],
          legend: { show: true },
        },
        [weeks.map((_, index) => index), ...series.map((line) => line.values)],
        box.current,
      );
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [weeks.join(), JSON.stringify(series), locale()]);
  return html`<figure class="trend-chart">
    <figcaption>${title}</figcaption>
    <div class="trend-canvas" ref=${box}></div>
  </figure>`;
}
