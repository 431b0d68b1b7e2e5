// The managers' KPIs and bounce report of one flow, from its summed figures (step-stats.ts):
// means are per closed issue, so a department that held few issues shows a small mean.
import type { BounceReport, FlowKpis } from '#shared/api/schemas.ts';
import type { FlowFigures } from '#shared/data/step-stats.ts';

export function flowKpis(figures: FlowFigures): { kpis: FlowKpis; bounces: BounceReport } {
  const { closed } = figures;
  const perClosed = (seconds: number) => Math.round(seconds / closed);
  const kpis: FlowKpis = {
    // Never below zero: on a data folder older than these figures, an issue can close without having been counted as started.
    openIssues: Math.max(0, figures.started - closed),
    closedIssues: closed,
    meanCycleSeconds: closed > 0 ? perClosed(figures.cycleSeconds) : null,
    meanHeldSeconds: closed > 0 ? Object.fromEntries(Object.entries(figures.heldSeconds).map(([department, seconds]) => [department, perClosed(seconds)])) : {},
    customerWaitShare: figures.cycleSeconds > 0 ? figures.customerWaitSeconds / figures.cycleSeconds : null,
    reroutes: figures.reroutes,
    bounces: figures.bounces,
    reopens: figures.reopens,
    slaBreaches: Object.values(figures.steps).reduce((total, step) => total + step.breached, 0),
  };
  const bounces = [...figures.bounceRoutes].sort((a, b) => b.count - a.count || a.step.localeCompare(b.step) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { kpis, bounces };
}
