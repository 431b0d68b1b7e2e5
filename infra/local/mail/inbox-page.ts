// /dev/inbox on the local server only (never on AWS): the mail Baton sent, for the person running it.
// It holds tracking codes, so it asks for a key derived from the data folder's secret, which `npm start`
// prints in the inbox's address (?key=…). The HTML of a message is shown in its own sandboxed page.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LocalMailServer } from '#infra/local/mail/local-mail-server.ts';
import { siteSecurityHeaders } from '#shared/http/security-headers.ts';

export const inboxPath = '/dev/inbox';

export const inboxKeyOf = (secretAccessKey: string) => createHmac('sha256', secretAccessKey).update('baton local inbox').digest('base64url').slice(0, 32);

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const linkified = (text: string) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', ...siteSecurityHeaders, ...headers });
  response.end(body);
}

/** Serves the inbox's pages; false when the path is not one of them. */
export function inboxPages(mail: LocalMailServer, key: string) {
  const keyMatches = (given: string | null) => given !== null && given.length === key.length && timingSafeEqual(Buffer.from(given), Buffer.from(key));
  return (url: URL, response: ServerResponse): boolean => {
    if (url.pathname !== inboxPath && !url.pathname.startsWith(`${inboxPath}/`)) return false;
    if (!keyMatches(url.searchParams.get('key'))) {
      send(response, 403, 'text/plain', 'The inbox needs the key that npm start printed with its address.');
      return true;
    }
    const messages = mail.messages();
    const rest = url.pathname.slice(inboxPath.length);
    if (rest === '/messages.json') {
      send(response, 200, 'application/json', JSON.stringify({ messages }));
      return true;
    }
    const one = /^\/(\d+)$/.exec(rest);
    if (one) {
      const message = messages[Number(one[1]) - 1];
      if (!message) send(response, 404, 'text/plain', 'No such message.');
      // The message's own HTML, as a mail reader would show it: no scripts, links only.
      else send(response, 200, 'text/html', message.html, { 'Content-Security-Policy': "sandbox allow-popups allow-top-navigation-by-user-activation; default-src 'none'" });
      return true;
    }
    if (rest !== '' && rest !== '/') return false;
    const items = [...messages]
      .reverse()
      .map(
        (message) => `<article>
<h2>${escapeHtml(message.subject)}</h2>
<p class="muted">To ${escapeHtml(message.to.join(', '))} · ${escapeHtml(message.receivedAt)} · <a href="${inboxPath}/${message.n}?key=${key}">HTML</a></p>
<pre>${linkified(message.text)}</pre>
</article>`,
      )
      .join('\n');
    send(
      response,
      200,
      'text/html',
      // The site's stylesheet (the same server serves it) and its empty icon, so the browser asks for no /favicon.ico.
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton local inbox (${messages.length})</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css"></head><body>
<main class="narrow inbox"><h1>Baton local inbox</h1><p class="hint">${messages.length === 1 ? '1 message' : `${messages.length} messages`}, newest first. Mail sent by the local runtime stays on this machine.</p>
${items}
</main></body></html>`,
    );
    return true;
  };
}
