// How mail leaves Baton: nodemailer over SMTP locally (the runtime's own SMTP server, infra/local/mail/),
// Amazon SES (v2 API, with Baton's configuration set) on AWS. Chosen by configuration only.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '#shared/config.ts';
import type { RenderedMail } from '#shared/notifications/templates.ts';

let transport: Transporter | undefined;
let transportFor: string | undefined;

function mailTransport(): Transporter {
  const smtpUrl = config.mail.smtpUrl();
  const wanted = smtpUrl ?? 'ses';
  if (!transport || transportFor !== wanted) {
    transport = smtpUrl
      ? nodemailer.createTransport(smtpUrl)
      : nodemailer.createTransport({ SES: { sesClient: new SESv2Client({ region: config.region() }), SendEmailCommand } });
    transportFor = wanted;
  }
  return transport;
}

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Stable per outbox message: the Message-ID header, so a mail reader (and a test) can tell one message from another. */
  messageId: string;
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const configurationSet = config.mail.configurationSet();
  await mailTransport().sendMail({
    from: config.mail.sender(),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(configurationSet ? { ses: { ConfigurationSetName: configurationSet } } : {}),
  });
}

/** SMTP answered 5xx: the message will never be accepted, so it is not retried. */
export const isPermanentMailError = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};
