// Sends raw bytes to a server over TCP (node:net), as an attacker would, bypassing every client's
// own checks, and returns whatever came back before the server closed or went quiet.
import { connect } from 'node:net';

export interface RawReply {
  /** The first line of the reply ("HTTP/1.1 400 Bad Request"), or '' if the server sent nothing. */
  statusLine: string;
  status?: number;
  text: string;
}

/** Writes `bytes` (then optionally half-closes) and collects the reply until the connection ends or idles. */
export function sendRaw(url: string, bytes: string | Buffer, { endAfterWrite = false, idleMs = 15_000 } = {}): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statusLine = text.split('\r\n')[0] ?? '';
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
      resolve({ statusLine, ...(status ? { status: Number(status) } : {}), text });
    };
    // A server that answers and keeps the connection open would leave us waiting: stop once it idles.
    socket.setTimeout(idleMs, finish);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
    socket.on('connect', () => {
      socket.write(bytes);
      if (endAfterWrite) socket.end();
    });
  });
}
