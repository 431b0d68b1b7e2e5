// Step Lambda after a person rerouted a step: counts the reroute on the issue (a return to a
// department that already handed the issue off is a bounce) and tells the flow how many there were,
// so the second one goes to a manager's decision.
import { z } from 'zod';
import { recordReroute } from '#shared/data/reroutes.ts';

const recordRerouteInput = z.object({ issueId: z.string().min(1), taskId: z.string().min(1) });

export async function handler(event: unknown) {
  const { issueId, taskId } = recordRerouteInput.parse(event);
  return recordReroute(issueId, taskId);
}
