// Scheduled (shared/scheduled-lambdas.ts; EventBridge on AWS, the runtime's clock locally): repairs issues whose flow did not start and completions
// whose callback did not reach Step Functions, leaving alone what is younger than two minutes.
import { now } from '#shared/clock.ts';
import { inFlightGraceMs, repairPendingWork } from '#shared/flows/repair.ts';
import { warnTasksAboutToBreach } from '#shared/data/sla-warnings.ts';

export async function handler() {
  const report = await repairPendingWork(new Date(now() - inFlightGraceMs).toISOString());
  // Tasks due within the hour: their holders (or queues) are warned once.
  return { ...report, slaWarnings: await warnTasksAboutToBreach() };
}
