// The local runtime's mail inbox as a test reads it: through its JSON page, as mail reached the real SMTP server.
import type { InboxMessage } from '#infra/local/mail/local-mail-server.ts';

export const messagesUrl = (inboxUrl: string) => inboxUrl.replace('/dev/inbox?', '/dev/inbox/messages.json?');

export async function inboxMessages(inboxUrl: string): Promise<InboxMessage[]> {
  const response = await fetch(messagesUrl(inboxUrl));
  if (!response.ok) throw new Error(`The inbox answered ${response.status}.`);
  return ((await response.json()) as { messages: InboxMessage[] }).messages;
}

/**
 * Polls the inbox until `done` holds for the messages to `email` (the sender works asynchronously, off the stream).
 * It waits as long as `expect.poll` does (vitest.config.ts): 20 s was too short for a mail on a machine at load ~30
 * (issue-contacts' e-mail-link test, all its other waits passed). A wait that succeeds returns at once.
 */
export async function mailTo(inboxUrl: string, email: string, done: (messages: InboxMessage[]) => boolean, timeoutMs = 30_000): Promise<InboxMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let mine: InboxMessage[] = [];
  while (Date.now() < deadline) {
    mine = (await inboxMessages(inboxUrl)).filter((message) => message.to.includes(email));
    if (done(mine)) return mine;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The mail to ${email} did not arrive within ${timeoutMs} ms; it has: ${JSON.stringify(mine.map((message) => message.subject))}`);
}

/** The link of a message's plain text that opens the tracking page, and what its fragment carries. */
export function trackingLink(message: InboxMessage, act?: string): { url: string; code: string; email: string; act: string } {
  for (const [url] of message.text.matchAll(/https?:\/\/\S+\/track#\S+/g)) {
    const fragment = new URLSearchParams(new URL(url).hash.slice(1));
    if (act === undefined ? fragment.get('act') !== 'unsubscribe' : fragment.get('act') === act) {
      return { url, code: fragment.get('code') ?? '', email: fragment.get('email') ?? '', act: fragment.get('act') ?? '' };
    }
  }
  throw new Error(`No tracking link${act ? ` (${act})` : ''} in: ${message.text}`);
}
