// POST /api/me/notifications/seen — the caller looked at their notices up to `until`: the badge counts newer ones only.
import { markNoticesSeenBody } from '#shared/api/schemas.ts';
import { markSeen } from '#shared/data/staff-notices.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  readQuery(event, noQuery);
  const { until } = readJsonBody(event, markNoticesSeenBody);
  await markSeen(caller.username, until);
  return jsonResponse(200, { seenUntil: until });
});
