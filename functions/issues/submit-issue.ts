// POST /api/issues — a customer submits an issue through the public form; its flow starts.
import { z } from 'zod';
import { httpHandler } from '#shared/http/http-handler.ts';
import { readJsonBody, validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { submitIssueBody } from '#shared/domain/intake.ts';
import { submitIssue } from '#shared/data/issue-store.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';

const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Letters, digits and _ . : - only, at most 100.')
    .optional(),
});

export const handler = httpHandler(async (event) => {
  const submission = readJsonBody(event, submitIssueBody);
  const { 'Idempotency-Key': idempotencyKey } = validate(idempotencyHeader, { 'Idempotency-Key': event.headers?.['idempotency-key'] });
  const { response, created } = await submitIssue(submission, idempotencyKey);
  if (created) await startFlowOf(created);
  return jsonResponse(response.statusCode, response.body);
});
