// POST /api/issues — a customer submits an issue through the public form; its flow starts.
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery, validate } from '#shared/http/request-body.ts';
import { limitIntake } from '#shared/http/rate-limit.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { submitIssueBody } from '#shared/domain/intake.ts';
import { idempotencyHeader } from '#shared/api/schemas.ts';
import { submitIssue } from '#shared/data/issue-store.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';

export const handler = httpHandler(async (event) => {
  await limitIntake(event);
  readQuery(event, noQuery);
  const submission = readJsonBody(event, submitIssueBody);
  const { 'Idempotency-Key': idempotencyKey } = validate(idempotencyHeader, { 'Idempotency-Key': event.headers?.['idempotency-key'] });
  const { response, created } = await submitIssue(submission, idempotencyKey);
  if (created) await startFlowOf(created);
  return jsonResponse(response.statusCode, response.body);
});
