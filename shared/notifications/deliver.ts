// The outbox sender: sends one outbox message, at most once. The same code runs in the stream-
// triggered Lambda on AWS and in the local runtime's stream reader (functions/notifications/send-outbox.ts).
//
// At most once: a sender first claims the message (a conditional write: unsent/retry → sending), then
// sends, then records it sent. Two senders (a stream retry, the sweep) never both pass the claim. A
// send that fails before the mail server accepted it is put back for a retry with backoff; a sender
// that stops between claim and "sent" leaves the message `sending`: whether it left is unknown, so it
// is never sent again but listed as failed for managers (shared/notifications/README.md).
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { nowIso } from '#shared/clock.ts';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/data/dynamodb-client.ts';
import { indexes, indexKeyNames } from '#shared/data/entities/indexes.ts';
import { logger } from '#shared/logger.ts';
import { mintLinkCode, trackingUrl, type TrackAction } from '#shared/notifications/customer-links.ts';
import { isPermanentMailError, sendMail } from '#shared/notifications/mail-transport.ts';
import { listKeysFor, outboxKeys } from '#shared/notifications/outbox.ts';
import type { OutboxMessage, OutboxStatus } from '#shared/notifications/outbox-message.ts';
import { addresseeOf, type Addressee } from '#shared/notifications/recipients.ts';
import { isSuppressed } from '#shared/notifications/suppression.ts';
import { renderMail, type TemplateInput } from '#shared/notifications/templates.ts';
import '#shared/notifications/staff-mail.ts'; // staff templates and addresses (shared/domain/staff-notices.ts)

/** Attempts in all (the first, then retries by the sweep with backoff). */
export const maxAttempts = 5;
/** Backoff before the next attempt: 1, 2, 4, 8 minutes. */
export const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);
/** A message `sending` for longer than this was claimed by a sender that stopped. */
export const sendingLeaseMs = 5 * 60_000;

export type DeliveryResult = 'sent' | 'suppressed' | 'retry' | 'failed' | 'not-ours';

const table = () => config.tableName();

async function readMessage(messageId: string): Promise<OutboxMessage | undefined> {
  const found = await documentClient().send(new GetCommand({ TableName: table(), Key: outboxKeys.message(messageId), ConsistentRead: true }));
  return found.Item as OutboxMessage | undefined;
}

/** unsent/retry (and due) → sending; undefined when another sender has it or it is done. */
async function claim(messageId: string, at: string): Promise<OutboxMessage | undefined> {
  try {
    const claimed = await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: outboxKeys.message(messageId),
        UpdateExpression: 'SET #status = :sending, sendingSince = :now, attempts = attempts + :one',
        ConditionExpression: '#status IN (:unsent, :retry) AND (attribute_not_exists(nextAttemptAt) OR nextAttemptAt <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':unsent': 'unsent', ':retry': 'retry', ':now': at, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return claimed.Attributes as OutboxMessage;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** sending → a final or retry status; the message leaves or changes its repair-index list. */
async function settle(message: OutboxMessage, status: OutboxStatus, fields: Record<string, unknown>, at: string): Promise<void> {
  const list = listKeysFor(status, message.messageId, status === 'retry' ? String(fields.nextAttemptAt) : at);
  const set: Record<string, unknown> = { status, ...fields, ...(list ?? {}) };
  const names = Object.keys(set);
  const removed = [...(list ? [] : indexKeyNames(indexes.holdersAndRepairLists)), 'sendingSince'];
  await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: outboxKeys.message(message.messageId),
      UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')} REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}`,
      ConditionExpression: '#status = :sending',
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ...Object.fromEntries(removed.map((name, i) => [`#r${i}`, name])),
        '#status': 'status',
      },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, i) => [`:v${i}`, set[name]])), ':sending': 'sending' },
    }),
  );
}

const actionOf: Record<string, TrackAction> = { customer_question: 'reply', customer_closed: 'rate' };
/** The messages that give the customer a code to keep (shown in the mail, with no end). */
const givesTrackingCode = new Set(['customer_confirmation', 'customer_new_code']);

/**
 * The mail's links, and for a confirmation or renewed codes the code itself: minted here, as it is
 * sent, so no code ever waits in the table in clear (only its hash is stored).
 */
async function linksFor(message: OutboxMessage, addressee: Addressee): Promise<Pick<TemplateInput, 'actionUrl' | 'unsubscribeUrl'> & { trackingCode?: string }> {
  if (message.to.kind !== 'customer' || !addressee.issue) return { actionUrl: `${config.siteUrl()}${String(message.data.path ?? '/')}` };
  const lasting = givesTrackingCode.has(message.kind);
  const code = await mintLinkCode(addressee.issue, { lasting });
  return {
    actionUrl: trackingUrl(code, addressee.email, actionOf[message.kind] ?? 'view'),
    unsubscribeUrl: trackingUrl(code, addressee.email, 'unsubscribe'),
    ...(lasting ? { trackingCode: code } : {}),
  };
}

/** The Message-ID header: stable per outbox message. */
export const mailMessageId = (messageId: string) => `<${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}@baton>`;

export async function deliverMessage(messageId: string): Promise<DeliveryResult> {
  const at = nowIso();
  const message = await claim(messageId, at);
  if (!message) return 'not-ours';
  let addressee: Addressee | undefined;
  try {
    addressee = await addresseeOf(message.to, message.issueId);
  } catch (error) {
    // The address could not be read (the identity or the table did not answer): tried again like a failed send.
    return failedAttempt(message, error, at);
  }
  if (!addressee) {
    await settle(message, 'failed', { lastError: 'No e-mail address for this recipient.' }, at);
    return 'failed';
  }
  // A new tracking code was asked for by the customer: it goes even after they unsubscribed from the issue's news.
  const customerGone = message.to.kind === 'customer' && addressee.issue?.unsubscribed && message.kind !== 'customer_new_code';
  if (customerGone || (await isSuppressed(addressee.email))) {
    await settle(message, 'suppressed', { sentTo: addressee.email, lastError: customerGone ? 'unsubscribed' : 'bounced or complained' }, at);
    return 'suppressed';
  }
  try {
    const { trackingCode, ...links } = await linksFor(message, addressee);
    const data = trackingCode ? { ...message.data, trackingCode } : message.data;
    const mail = renderMail(message.kind, addressee.language, { data, ...links, ...(addressee.issue ? { subject: addressee.issue.subject } : {}) });
    await sendMail({ ...mail, to: addressee.email, messageId: mailMessageId(messageId) });
  } catch (error) {
    return failedAttempt(message, error, at);
  }
  await settle(message, 'sent', { sentAt: nowIso(), sentTo: addressee.email }, at);
  return 'sent';
}

/** An attempt that did not reach the mail server's acceptance: retried with backoff, or given up. */
async function failedAttempt(message: OutboxMessage, error: unknown, at: string): Promise<'retry' | 'failed'> {
  const lastError = error instanceof Error ? error.message.slice(0, 500) : String(error);
  const giveUp = isPermanentMailError(error) || message.attempts >= maxAttempts;
  logger.warn('an outbox message was not sent', { messageId: message.messageId, attempts: message.attempts, giveUp, error: lastError });
  if (giveUp) await settle(message, 'failed', { lastError }, at);
  else await settle(message, 'retry', { lastError, nextAttemptAt: new Date(Date.parse(at) + retryDelayMs(message.attempts)).toISOString() }, at);
  return giveUp ? 'failed' : 'retry';
}

/**
 * The sweep: every message still owed. Due unsent/retry messages are sent; one left `sending` past its
 * lease was claimed by a sender that stopped, so it is marked failed (it may or may not have left).
 */
export async function sweepOutbox(owed: OutboxMessage[]): Promise<Record<DeliveryResult | 'abandoned', number>> {
  const counts = { sent: 0, suppressed: 0, retry: 0, failed: 0, 'not-ours': 0, abandoned: 0 };
  const at = nowIso();
  for (const message of owed) {
    if (message.status === 'sending') {
      const since = (message as OutboxMessage & { sendingSince?: string }).sendingSince ?? message.createdAt;
      if (Date.parse(at) - Date.parse(since) < sendingLeaseMs) continue;
      try {
        await settle(message, 'failed', { lastError: 'The sender stopped while sending: it may or may not have been delivered, so it is not sent again.' }, at);
        counts.abandoned++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      continue;
    }
    if (message.nextAttemptAt && message.nextAttemptAt > at) continue;
    counts[await deliverMessage(message.messageId)]++;
  }
  return counts;
}

export const outboxMessage = readMessage;
