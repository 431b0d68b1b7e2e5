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

/** The handoff of each kind, built the same way when it is stored on the issue and when it is read back from history. */
export const handoffs = {
  /** A person completed a step with a packet. */
  staff: (at: string, packet: { summary: string; done?: string | undefined; promised?: string | undefined }, from: { taskId?: string | undefined; step?: string | undefined; department?: string | undefined; by?: string | undefined }): Handoff => ({
    from: 'staff',
    at,
    summary: packet.summary,
    ...(packet.done !== undefined ? { done: packet.done } : {}),
    ...(packet.promised !== undefined ? { promised: packet.promised } : {}),
    ...(from.taskId ? { taskId: from.taskId } : {}),
    ...(from.step ? { step: from.step } : {}),
    ...(from.department ? { department: from.department } : {}),
    ...(from.by ? { by: from.by } : {}),
  }),
  /** The customer answered a question. */
  customer: (at: string, message: string): Handoff => ({ from: 'customer', at, summary: message }),
  /** The customer did not answer in time: Baton notes it for the next holder. */
  noReply: (at: string, summary: string, step: string | undefined): Handoff => ({ from: 'system', at, summary, ...(step ? { step } : {}) }),
};

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
  const found: Handoff[] = [];
  for (const event of events) {
    const data = event.data as { packet?: { summary: string; done?: string; promised?: string }; taskId?: string; step?: string; answers?: string[] };
    if (event.type === 'task_completed' && data.packet) {
      found.push(handoffs.staff(event.at, data.packet, { taskId: data.taskId, step: data.step, department: event.department, by: event.actor.username }));
    } else if (event.type === 'customer_message' && data.answers?.length) {
      found.push(handoffs.customer(event.at, event.text ?? ''));
    } else if (event.type === 'issue_reopened') {
      // The customer's "not solved" is what the follow-up's holder reads first.
      found.push(handoffs.customer(event.at, event.text ?? ''));
    } else if (event.type === 'customer_no_reply') {
      found.push(handoffs.noReply(event.at, event.text ?? '', data.step));
    }
  }
  return found;
}
