// What a change to an issue adds to the figures per period and per flow version, derived from the
// events the change appends (the one place every change passes: changeIssue). Each delta lands on
// the aggregate of one UTC day and one flow version; `openNow` deltas land on the version's running
// total of open issues. Pure: the data layer (shared/data/period-figures.ts) turns these into writes.
//
// Which day a figure belongs to: the day (UTC) of the event that completes it. An issue's end-to-end
// time, department times, reroutes and first-time-right count on the day it closed; a step's wait
// before claim on the day it was claimed; its work time and SLA on the day it was completed (or breached).
import { currentClocks, secondsBetween } from '#shared/domain/clocks.ts';
import { bucketOf } from '#shared/domain/histogram.ts';
import type { Issue } from '#shared/domain/issue.ts';

/**
 * Attribute names of an aggregate item. Flow-wide counts are single words; the rest are told apart
 * by their first part: `held|<department>` (seconds, closed issues), `e2e|<bucket>`,
 * `claimWait|<step>|<bucket>`, `work|<step>|<bucket>`, `slaMet|<step>`, `slaMissed|<step>`.
 */
export const periodFigureNames = {
  opened: 'opened',
  closed: 'closed',
  firstTimeRight: 'firstTimeRight',
  reopened: 'reopened',
  closedReroutes: 'closedReroutes',
  closedBounces: 'closedBounces',
  ratings: 'ratings',
  ratingSum: 'ratingSum',
  customerWaitSeconds: 'customerWaitSeconds',
  /** Issues opened that day still open now (an issue's closure takes it off its opening day): the age bands. */
  stillOpen: 'stillOpen',
  /** On the version's running total only: open issues now. */
  openNow: 'openNow',
  held: (department: string) => `held|${department}`,
  endToEnd: (bucket: number) => `e2e|${bucket}`,
  claimWait: (step: string, bucket: number) => `claimWait|${step}|${bucket}`,
  work: (step: string, bucket: number) => `work|${step}|${bucket}`,
  slaMet: (step: string) => `slaMet|${step}`,
  slaMissed: (step: string) => `slaMissed|${step}`,
} as const;

export type Deltas = Record<string, number>;

/** Deltas for one aggregate: a day's (`day` = YYYY-MM-DD) or the version's running total (`day` = 'total'). */
export interface FigureDelta {
  day: string;
  version: number;
  deltas: Deltas;
}

/** The fields of an issue the figures read, as it stood before the change. */
export type FigureIssue = Pick<Issue, 'flowVersion' | 'createdAt' | 'holders' | 'clocks' | 'waitingCustomerSince' | 'reroutes' | 'bounces'> & {
  flowStartedAt?: string | undefined;
  /** How often a customer reopened the issue, once they can (another change adds reopening). */
  reopens?: number | undefined;
};

/** The events a change appends, as the figures read them. */
export interface FigureEvent {
  type: string;
  data?: Record<string, unknown> | undefined;
}

export const utcDay = (iso: string) => iso.slice(0, 10);

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export function figureDeltas(issue: FigureIssue, events: readonly FigureEvent[], now: string): FigureDelta[] {
  const out: FigureDelta[] = [];
  const today = utcDay(now);
  const add = (day: string, version: number, name: string, delta: number) => {
    if (delta === 0) return;
    let entry = out.find((candidate) => candidate.day === day && candidate.version === version);
    if (!entry) out.push((entry = { day, version, deltas: {} }));
    entry.deltas[name] = (entry.deltas[name] ?? 0) + delta;
  };
  const version = issue.flowVersion;
  const openingDay = issue.flowStartedAt ? utcDay(issue.flowStartedAt) : undefined;
  for (const event of events) {
    const data = event.data ?? {};
    const step = text(data.step);
    switch (event.type) {
      case 'flow_started': {
        // The version is the one the execution runs on (recorded by this very change).
        const started = typeof data.flowVersion === 'number' ? data.flowVersion : version;
        add(today, started, periodFigureNames.opened, 1);
        add(today, started, periodFigureNames.stillOpen, 1);
        add('total', started, periodFigureNames.openNow, 1);
        break;
      }
      case 'issue_closed': {
        const { customer, ...departments } = currentClocks(issue, now);
        add(today, version, periodFigureNames.closed, 1);
        add(today, version, periodFigureNames.endToEnd(bucketOf(secondsBetween(issue.createdAt, now))), 1);
        add(today, version, periodFigureNames.customerWaitSeconds, customer ?? 0);
        for (const [department, seconds] of Object.entries(departments)) add(today, version, periodFigureNames.held(department), seconds);
        add(today, version, periodFigureNames.closedReroutes, issue.reroutes ?? 0);
        add(today, version, periodFigureNames.closedBounces, issue.bounces ?? 0);
        if (!issue.reroutes && !issue.reopens) add(today, version, periodFigureNames.firstTimeRight, 1);
        // Counted as opened only if its flow start was (issues older than these figures were not).
        if (openingDay) {
          add(openingDay, version, periodFigureNames.stillOpen, -1);
          add('total', version, periodFigureNames.openNow, -1);
        }
        break;
      }
      case 'issue_reopened':
        add(today, version, periodFigureNames.reopened, 1);
        if (openingDay) {
          add(openingDay, version, periodFigureNames.stillOpen, 1);
          add('total', version, periodFigureNames.openNow, 1);
        }
        break;
      case 'rating_given':
        if (typeof data.rating === 'number' && Number.isFinite(data.rating)) {
          add(today, version, periodFigureNames.ratings, 1);
          add(today, version, periodFigureNames.ratingSum, data.rating);
        }
        break;
      case 'task_claimed':
        // Only a task's first claim carries when it opened: a re-claim after a release is not a new wait.
        if (step && text(data.openedAt)) add(today, version, periodFigureNames.claimWait(step, bucketOf(secondsBetween(String(data.openedAt), now))), 1);
        break;
      case 'task_completed':
        if (!step) break;
        if (text(data.claimedAt)) add(today, version, periodFigureNames.work(step, bucketOf(secondsBetween(String(data.claimedAt), now))), 1);
        if (text(data.dueAt)) add(today, version, now <= String(data.dueAt) ? periodFigureNames.slaMet(step) : periodFigureNames.slaMissed(step), 1);
        break;
      case 'sla_breached':
        if (step) add(today, version, periodFigureNames.slaMissed(step), 1);
        break;
    }
  }
  return out.filter((entry) => Object.keys(entry.deltas).length > 0);
}
