// GET /api/me — who the bearer token says the caller is.
import { httpHandler } from '#shared/http/http-handler.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';

export const handler = httpHandler(async (event) => {
  const { username, groups } = callerOf(event);
  readQuery(event, noQuery);
  return jsonResponse(200, { username, groups });
});
