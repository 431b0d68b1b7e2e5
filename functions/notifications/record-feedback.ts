// On AWS: SES's bounce and complaint events for Baton's configuration set arrive through SNS. A
// permanent bounce or a complaint puts the address on Baton's suppression list, and the sender sends
// it nothing more (shared/notifications/suppression.ts). Transient bounces are SES's own to retry.
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { nowIso } from '#shared/clock.ts';
import { logger } from '#shared/logger.ts';
import { suppress } from '#shared/notifications/suppression.ts';

const recipients = z.array(z.object({ emailAddress: z.string() }));
const sesEvent = z.object({
  eventType: z.string(),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients }).optional(),
  complaint: z.object({ complainedRecipients: recipients }).optional(),
});

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const parsed = sesEvent.safeParse(JSON.parse(record.Sns.Message));
    if (!parsed.success) {
      logger.warn('an SES notification that is not a bounce or complaint event', { messageId: record.Sns.MessageId });
      continue;
    }
    const { eventType, bounce, complaint } = parsed.data;
    if (eventType === 'Bounce' && bounce?.bounceType === 'Permanent') {
      for (const { emailAddress } of bounce.bouncedRecipients) await suppress(emailAddress, 'bounce', nowIso(), bounce.bounceType);
    } else if (eventType === 'Complaint' && complaint) {
      for (const { emailAddress } of complaint.complainedRecipients) await suppress(emailAddress, 'complaint', nowIso());
    }
  }
}
