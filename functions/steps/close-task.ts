// Step Lambda for a human step that ended without a person: its SLA was breached (States.Timeout)
// or the flow cancelled it. Closes the task and records why; the flow then escalates.
import { closeTaskByFlow } from '#shared/data/task-store.ts';
import { closeTaskPayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const { issueId, stateName, reason } = closeTaskPayload.parse(event);
  const task = await closeTaskByFlow(issueId, stateName, reason);
  return { taskId: task?.taskId ?? null, department: task?.department ?? null, step: task?.step ?? null };
}
