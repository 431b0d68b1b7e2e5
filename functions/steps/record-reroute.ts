// Step Lambda after a person rerouted a step: counts the reroute on the issue (a return to a
// department that already handed the issue off is a bounce) and tells the flow how many there were,
// so the second one goes to a manager's decision.
import { recordReroute } from '#shared/data/reroutes.ts';
import { recordReroutePayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const { issueId, taskId } = recordReroutePayload.parse(event);
  return recordReroute(issueId, taskId);
}
