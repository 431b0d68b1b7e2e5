// POST /api/feedback — any staff member or manager tells us what Baton should do for them.
import { sendFeedback } from '#shared/data/feedback.ts';
import { feedbackBody } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  readQuery(event, noQuery);
  const body = readJsonBody(event, feedbackBody);
  return jsonResponse(201, { feedback: await sendFeedback(caller, body) });
});
