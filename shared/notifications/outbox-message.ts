// An outbox message: one notification to one person, written in the same transaction as the change
// that causes it, then sent by the outbox sender (shared/notifications/deliver.ts). Its id is stable
// (derived from the event that caused it), so writing it twice or sending it twice is impossible.
import { z } from 'zod';
import { languages, type Language } from '#shared/domain/language.ts';

export type { Language };

/** Who a message is for; the address is looked up when it is sent (a customer's e-mail may have changed). */
export const recipientSchema = z.discriminatedUnion('kind', [
  /** The customer of `issueId`, at the e-mail address on their customer item. */
  z.object({ kind: z.literal('customer'), customerId: z.string() }),
  /** A staff member, at the address in their profile (resolved by shared/notifications/recipients.ts). */
  z.object({ kind: z.literal('staff'), username: z.string() }),
  /** A bare address (e.g. "e-mail me my tracking codes"), in the language asked in. */
  z.object({ kind: z.literal('address'), email: z.string(), language: z.enum(languages) }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

/**
 * - `unsent`: waiting for the sender (and listed for the sweep on the repair-list index);
 * - `sending`: claimed by one sender (at most once: see README.md);
 * - `sent`, `suppressed` (the address bounced or complained, or the customer unsubscribed): final;
 * - `retry`: a send failed; the sweep tries again at `nextAttemptAt`;
 * - `failed`: given up after the last attempt, or a send whose outcome is unknown: listed for managers.
 */
export const outboxStatuses = ['unsent', 'sending', 'sent', 'suppressed', 'retry', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface NotificationDraft {
  /** Which template renders it (shared/notifications/templates.ts). */
  kind: string;
  to: Recipient;
  issueId?: string;
  /** What the template needs beyond the issue (kept small: it is written with the change). */
  data?: Record<string, unknown>;
  /** Makes the id unique when one cause tells several people or one person several things. */
  discriminator?: string;
  /** Stable cause: `<issueId>.<event seq>` for issue events; anything unique and repeatable otherwise. */
  cause: string;
}

export interface OutboxMessage extends Required<Pick<NotificationDraft, 'kind' | 'to' | 'data'>> {
  messageId: string;
  issueId?: string;
  status: OutboxStatus;
  createdAt: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  sentAt?: string;
  /** The address it went to (recorded when sent or refused). */
  sentTo?: string;
}

export const messageIdOf = (draft: Pick<NotificationDraft, 'cause' | 'kind' | 'to' | 'discriminator'>): string => {
  const who = draft.to.kind === 'customer' ? `c:${draft.to.customerId}` : draft.to.kind === 'staff' ? `s:${draft.to.username}` : `a:${draft.to.email.toLowerCase()}`;
  return ['msg', draft.cause, draft.kind, who, ...(draft.discriminator ? [draft.discriminator] : [])].join('|');
};
