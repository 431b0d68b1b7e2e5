// The handoff an issue carries from one holder to the next (see workflows/README.md, Handoffs).
import { z } from 'zod';

/**
 * What the next holder of an issue reads first: the latest handoff packet (a person's completion),
 * or the customer's reply, or the system's note that the customer did not reply. Kept on the issue
 * (`latestHandoff`) and copied onto each task as it opens (`handoff`).
 */
export const handoffSchema = z.object({
  from: z.enum(['staff', 'customer', 'system']),
  at: z.string(),
  summary: z.string(),
  done: z.string().optional(),
  promised: z.string().optional(),
  taskId: z.string().optional(),
  step: z.string().optional(),
  department: z.string().optional(),
  by: z.string().optional(),
});
export type Handoff = z.infer<typeof handoffSchema>;

interface HandoffSource {
  type: string;
  at: string;
  actor: { kind: string; username?: string };
  department?: string;
  text?: string;
  data: Record<string, unknown>;
}

/**
 * Every handoff of an issue in order, read from its history: each completion's packet, each
 * customer reply that answered a question, each "no reply" note. The last one equals the issue's
 * `latestHandoff`.
 */
export function handoffsOf(events: readonly HandoffSource[]): Handoff[] {
  const handoffs: Handoff[] = [];
  for (const event of events) {
    const data = event.data as { packet?: { summary: string; done?: string; promised?: string }; taskId?: string; step?: string; answers?: string[] };
    if (event.type === 'task_completed' && data.packet) {
      handoffs.push({
        from: 'staff',
        at: event.at,
        ...data.packet,
        ...(data.taskId ? { taskId: data.taskId } : {}),
        ...(data.step ? { step: data.step } : {}),
        ...(event.department ? { department: event.department } : {}),
        ...(event.actor.username ? { by: event.actor.username } : {}),
      });
    } else if (event.type === 'customer_message' && data.answers?.length) {
      handoffs.push({ from: 'customer', at: event.at, summary: event.text ?? '' });
    } else if (event.type === 'customer_no_reply') {
      handoffs.push({ from: 'system', at: event.at, summary: event.text ?? '', ...(data.step ? { step: data.step } : {}) });
    }
  }
  return handoffs;
}
