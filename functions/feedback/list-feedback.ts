// GET /api/feedback — the suggestions staff and managers sent, newest first: for managers.
import { listFeedback } from '#shared/data/feedback.ts';
import { feedbackQuery } from '#shared/api/schemas.ts';
import { managerCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  managerCaller(event);
  const { nextToken } = readQuery(event, feedbackQuery);
  return jsonResponse(200, await listFeedback(nextToken));
});
