// Step Lambda for a human step that ended without a person: its SLA was breached (States.Timeout)
// or the flow cancelled it. Closes the task and records why; the flow then escalates.
import { z } from 'zod';
import { closeTaskByFlow } from '#shared/data/task-store.ts';

const closeTaskInput = z.object({
  issueId: z.string().min(1),
  stateName: z.string().min(1),
  reason: z.enum(['expired', 'cancelled']),
});

export async function handler(event: unknown) {
  const { issueId, stateName, reason } = closeTaskInput.parse(event);
  const task = await closeTaskByFlow(issueId, stateName, reason);
  return { taskId: task?.taskId ?? null, department: task?.department ?? null, step: task?.step ?? null };
}
