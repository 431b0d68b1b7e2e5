// The figures' period: today, the last 7 or 30 days, or a custom range of days. Days are UTC days,
// as the figures are kept (see shared/domain/figure-deltas.ts), and the selector says so.
import { html } from 'htm/preact';
import { t, type MessageKey } from '../i18n.ts';

export type Preset = 'today' | '7d' | '30d' | 'custom';
export interface Period {
  preset: Preset;
  from: string;
  to: string;
}

/** The longest custom range the API takes (shared/api/figure-schemas.ts maxFigureDays). */
const maxDays = 92;
const dayMs = 86_400_000;
export const utcToday = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * dayMs).toISOString().slice(0, 10);

export function presetPeriod(preset: Exclude<Preset, 'custom'>, today = utcToday()): Period {
  const back = preset === 'today' ? 0 : preset === '7d' ? 6 : 29;
  return { preset, from: daysBefore(today, back), to: today };
}

const presets: Array<Exclude<Preset, 'custom'>> = ['today', '7d', '30d'];

export function PeriodSelect({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const custom = (change: Partial<Pick<Period, 'from' | 'to'>>) => onChange({ ...period, ...change, preset: 'custom' });
  const value = (event: Event) => (event.target as HTMLInputElement).value;
  return html`<fieldset class="period-select">
    <legend>${t('figuresPeriod')}</legend>
    <div class="period-presets" role="group">
      ${presets.map(
        (preset) => html`<button type="button" class="small" aria-pressed=${period.preset === preset} onClick=${() => onChange(presetPeriod(preset))}>
          ${t(`figuresPeriod.${preset}` as MessageKey)}
        </button>`,
      )}
      <button type="button" class="small" aria-pressed=${period.preset === 'custom'} onClick=${() => custom({})}>${t('figuresPeriod.custom')}</button>
    </div>
    ${period.preset === 'custom'
      ? html`<div class="period-custom">
          <label class="inline-field"><span>${t('figuresFrom')}</span><input type="date" name="from" value=${period.from} max=${period.to} onChange=${(event: Event) => custom({ from: value(event) })} /></label>
          <label class="inline-field"><span>${t('figuresTo')}</span><input type="date" name="to" value=${period.to} min=${period.from} onChange=${(event: Event) => custom({ to: value(event) })} /></label>
        </div>`
      : null}
    <p class="hint">${t('figuresPeriodHint', { days: maxDays })}</p>
  </fieldset>`;
}
