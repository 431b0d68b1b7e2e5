// GET /api/me/notifications — the caller's recent notices (to them, and to their queues), how many
// are new since they last looked, and their e-mail settings. The console polls it for its badge.
import { noticesOf } from '#shared/data/staff-notices.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  readQuery(event, noQuery);
  return jsonResponse(200, await noticesOf(caller));
});
