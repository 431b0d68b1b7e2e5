// The handoff an issue carries from one holder to the next (see workflows/README.md, Handoffs).
import { z } from 'zod';
import type { IssueEvent } from '#shared/domain/events.ts';

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

/** What a handoff is read from: an event of the history (number and issue do not matter here). */
type HandoffSource = IssueEvent extends infer Event ? (Event extends IssueEvent ? Omit<Event, 'issueId' | 'seq' | 'visibility'> : never) : never;

/**
 * Every handoff of an issue in order, read from its history: each completion's packet, each
 * customer reply that answered a question, each "no reply" note. The last one equals the issue's
 * `latestHandoff`.
 */
export function handoffsOf(events: readonly HandoffSource[]): Handoff[] {
  const found: Handoff[] = [];
  for (const event of events) {
    if (event.type === 'task_completed') {
      const by = event.actor.kind === 'staff' ? event.actor.username : undefined;
      found.push(handoffs.staff(event.at, event.data.packet, { taskId: event.data.taskId, step: event.data.step, department: event.department, by }));
    } else if (event.type === 'customer_message' && event.data.answers?.length) {
      found.push(handoffs.customer(event.at, event.text ?? ''));
    } else if (event.type === 'issue_reopened') {
      // The customer's "not solved" is what the follow-up's holder reads first.
      found.push(handoffs.customer(event.at, event.text ?? ''));
    } else if (event.type === 'customer_no_reply') {
      found.push(handoffs.noReply(event.at, event.text ?? '', event.data.step));
    }
  }
  return found;
}
