// Times and durations as people read them, in the chosen language.
import { useEffect, useState } from 'preact/hooks';
import { lang, locale, t } from './i18n.ts';

export function dateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "2 h 15 min" / "2 小时 15 分钟": the two largest units are enough for a person. */
export function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const units: Array<[number, string, string]> = [
    [86_400, 'd', '天'],
    [3_600, 'h', '小时'],
    [60, 'min', '分钟'],
  ];
  if (total < 60) return lang() === 'zh' ? '不到 1 分钟' : 'under 1 min';
  const parts: string[] = [];
  let rest = total;
  for (const [size, en, zh] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) parts.push(lang() === 'zh' ? `${count} ${zh}` : `${count} ${en}`);
    if (parts.length > 0 && count === 0) break;
    rest -= count * size;
  }
  return parts.join(' ');
}

export interface SlaState {
  overdue: boolean;
  text: string;
  /** Less than a quarter of an hour left. */
  soon: boolean;
}

export function sla(dueAt: string, now: number): SlaState {
  const seconds = (Date.parse(dueAt) - now) / 1000;
  return seconds < 0
    ? { overdue: true, soon: false, text: t('slaOverdue', { duration: duration(-seconds) }) }
    : { overdue: false, soon: seconds < 900, text: t('slaLeft', { duration: duration(seconds) }) };
}

/** The current time, refreshed every half minute so time-left figures stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
