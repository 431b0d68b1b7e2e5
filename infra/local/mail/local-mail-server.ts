// The local runtime's mail server: a real SMTP server (smtp-server) on 127.0.0.1 that Baton's sender
// delivers to with nodemailer exactly as it would to any SMTP relay. Every accepted message is parsed
// (mailparser) and appended to $BATON_DATA_DIR/mail/inbox.jsonl, so the inbox outlives a restart; the
// person running Baton reads it at /dev/inbox (infra/local/mail/inbox-page.ts). Nothing leaves the machine.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface InboxMessage {
  /** Position in the inbox, from 1. */
  n: number;
  receivedAt: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface LocalMailServer {
  smtpUrl: string;
  messages(): InboxMessage[];
  close(): Promise<void>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((object) => object.value.map((entry) => entry.address ?? '')).filter(Boolean);

/** A message larger than this is refused: Baton's own mails are a few kilobytes. */
const maxMessageBytes = 1024 * 1024;

export async function startLocalMailServer(dataDir: string): Promise<LocalMailServer> {
  const folder = path.join(dataDir, 'mail');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, 'inbox.jsonl');
  const inbox: InboxMessage[] = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as InboxMessage)
    : [];
  const server = new SMTPServer({
    // Loopback only, no TLS, no sign-in: a stand-in for the relay (SES) on AWS.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: maxMessageBytes,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const message: InboxMessage = {
            n: inbox.length + 1,
            receivedAt: new Date().toISOString(),
            messageId: parsed.messageId ?? '',
            from: addresses(parsed.from).join(', '),
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          // Written before the sender is told "accepted": an accepted message is never lost.
          appendFileSync(file, `${JSON.stringify(message)}\n`, { mode: 0o600 });
          inbox.push(message);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages: () => [...inbox],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
