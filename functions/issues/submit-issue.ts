// POST /api/issues — a customer submits an issue through the public form; its flow starts.
import { httpHandler } from '#shared/http/http-handler.ts';
import { readJsonBody } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { submitIssueBody } from '#shared/domain/intake.ts';
import { createIssue } from '#shared/data/issue-store.ts';
import { startFlowOf } from '#shared/flows/start-flow.ts';

export const handler = httpHandler(async (event) => {
  const submission = readJsonBody(event, submitIssueBody);
  const { issueId, trackingCode } = await createIssue(submission);
  await startFlowOf({ issueId, flowId: submission.category });
  return jsonResponse(201, { issueId, trackingCode });
});
