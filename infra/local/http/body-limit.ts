// Request bodies with a ceiling, for the local servers (the Step Functions endpoint, the local API Gateway): a body
// past the limit is never held beyond it, and the refusal reaches a client that is still writing.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The body, or `'too-large'` as soon as its declared or received size passes `limit`. From then on whatever still
 * arrives is read and dropped, never kept: the client's writes keep flowing while it reads the refusal
 * (`answerThenClose`). Rejects when the client hangs up before the end of a body within the limit.
 */
export function readBodyWithin(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const refuse = () => {
      request.off('data', keep);
      chunks.length = 0;
      // Flowing with no reader: the rest of the body is read off the socket and dropped.
      request.resume();
      resolve('too-large');
    };
    const keep = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return refuse();
      chunks.push(chunk);
    };
    if (Number(request.headers['content-length'] ?? 0) > limit) return refuse();
    request.on('data', keep);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    // Kept for the whole request: an error after the refusal (the client resetting) must not go unhandled.
    request.on('error', reject);
    // A client that hangs up mid-body ends the stream without 'end' (and not always with 'error').
    request.once('close', () => {
      if (!request.complete) reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}

/** How long a refused client may go on sending before its connection is closed anyway. */
const lingerMs = 10_000;

/**
 * Answers a request refused before the end of its body, and closes its connection (`Connection: close`) without
 * resetting it under the client's writes. The answer goes out whole at once (its Content-Length tells the client it
 * has all of it), but the response is ended, which closes the socket, only when the client stops sending (the
 * body's end, or it hangs up) or after `lingerMs`: a socket closed with unread bytes is reset by the kernel, and a
 * client still writing could meet the reset before it read the answer. The "lingering close" of nginx and Apache.
 */
export function answerThenClose(request: IncomingMessage, response: ServerResponse, statusCode: number, headers: OutgoingHttpHeaders, body: string): void {
  response.writeHead(statusCode, { ...headers, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  response.write(body);
  const close = () => {
    clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  const timer = setTimeout(close, lingerMs);
  timer.unref();
  if (request.complete || request.destroyed) return close();
  request.once('end', close);
  request.once('close', close);
}
