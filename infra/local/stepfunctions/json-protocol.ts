// HTTP server speaking the awsJson1_0 protocol: `X-Amz-Target: AWSStepFunctions.<Action>`, errors as `{"__type", "message"}`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServiceError } from './service-errors.ts';
import { MAX_REQUEST_BYTES } from './limits.ts';
import type { SignedRequest } from '#infra/local/request-signature.ts';
import { listenOnLoopback } from '#infra/local/http/listen-on-loopback.ts';

export type ActionDispatcher = (action: string, request: unknown) => Promise<unknown>;
/** Throws the service's error unless the request is signed as the endpoint expects (see request-signature.ts). */
export type RequestVerifier = (request: SignedRequest) => Promise<void>;

const TARGET_PREFIX = 'AWSStepFunctions.';

const requestTooLarge = () =>
  new ServiceError('RequestEntityTooLargeException', `Request size exceeds the maximum of ${MAX_REQUEST_BYTES} bytes`, 413);

/**
 * The body, refused as soon as its declared or received size passes the service's limit: reading stops there
 * (the connection is closed after the answer), so a huge body never sits in memory.
 */
const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return reject(requestTooLarge());
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
      request.off('data', onData);
      request.pause();
      chunks.length = 0;
      reject(requestTooLarge());
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });

const reply = (response: ServerResponse, statusCode: number, body: unknown, options: { close?: boolean } = {}): void => {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...(options.close ? { Connection: 'close' } : {}),
  });
  // A refused body is not read to its end: once the answer is out, the connection goes with the rest of it.
  if (options.close) response.once('finish', () => response.req.socket.destroy());
  response.end(text);
};

const handle = async (request: IncomingMessage, dispatch: ActionDispatcher, verify: RequestVerifier): Promise<unknown> => {
  const raw = await readBody(request);
  // Like the service: nobody learns anything, not even which operations exist, without a valid signature.
  await verify({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: raw });
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new ServiceError('UnknownOperationException', 'Expected a POST with X-Amz-Target: AWSStepFunctions.<Action>');
  }
  const text = raw.toString('utf8');
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON');
  }
  return dispatch(target.slice(TARGET_PREFIX.length), body);
};

export const serveJsonProtocol = async (
  port: number,
  dispatch: ActionDispatcher,
  verify: RequestVerifier,
): Promise<{ url: string; close(): Promise<void> }> => {
  const server = createServer((request, response) => {
    handle(request, dispatch, verify).then(
      (result) => reply(response, 200, result ?? {}),
      (error: unknown) => {
        if (error instanceof ServiceError) {
          return reply(response, error.statusCode, { __type: error.code, message: error.message }, { close: !request.complete });
        }
        console.error('[stepfunctions] internal error', error);
        reply(response, 500, { __type: 'InternalFailure', message: 'An internal error occurred' });
      },
    );
  });
  return listenOnLoopback(server, port);
};
