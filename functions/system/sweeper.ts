// Scheduled on AWS (every few minutes): repairs issues whose flow did not start and completions
// whose callback did not reach Step Functions, leaving alone what is younger than two minutes.
import { now } from '#shared/clock.ts';
import { inFlightGraceMs, repairPendingWork } from '#shared/flows/repair.ts';

export async function handler() {
  return repairPendingWork(new Date(now() - inFlightGraceMs).toISOString());
}
