// HTTP server speaking the awsJson1_0 protocol: `X-Amz-Target: AWSStepFunctions.<Action>`, errors as `{"__type", "message"}`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServiceError } from './service-errors.ts';
import { MAX_REQUEST_BYTES } from './limits.ts';
import type { SignedRequest } from '#infra/local/request-signature.ts';
import { answerThenClose, readBodyWithin } from '#infra/local/http/body-limit.ts';
import { listenOnLoopback } from '#infra/local/http/listen-on-loopback.ts';

export type ActionDispatcher = (action: string, request: unknown) => Promise<unknown>;
/** Throws the service's error unless the request is signed as the endpoint expects (see request-signature.ts). */
export type RequestVerifier = (request: SignedRequest) => Promise<void>;

const TARGET_PREFIX = 'AWSStepFunctions.';

const requestTooLarge = () =>
  new ServiceError('RequestEntityTooLargeException', `Request size exceeds the maximum of ${MAX_REQUEST_BYTES} bytes`, 413);

/** The body; refused as soon as its declared or received size passes the service's limit, never held beyond it. */
const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const body = await readBodyWithin(request, MAX_REQUEST_BYTES);
  if (body === 'too-large') throw requestTooLarge();
  return body;
};

const reply = (request: IncomingMessage, response: ServerResponse, statusCode: number, body: unknown): void => {
  const text = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': randomUUID() };
  // A request refused before its body's end (too large): the answer, then the connection goes, once the client stops sending.
  if (!request.complete) return answerThenClose(request, response, statusCode, headers, text);
  response.writeHead(statusCode, { ...headers, 'Content-Length': Buffer.byteLength(text) });
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
      (result) => reply(request, response, 200, result ?? {}),
      (error: unknown) => {
        if (error instanceof ServiceError) {
          return reply(request, response, error.statusCode, { __type: error.code, message: error.message });
        }
        if (request.socket.destroyed) return; // the client hung up mid-request: nobody is left to answer
        console.error('[stepfunctions] internal error', error);
        reply(request, response, 500, { __type: 'InternalFailure', message: 'An internal error occurred' });
      },
    );
  });
  return listenOnLoopback(server, port);
};
