// GET /api/auth/config — where the browser signs staff in: the Cognito user pool's endpoint and its
// public web client on AWS, the local identity's endpoint locally. Read at run time, so the same
// web/dist works on both targets. Nothing here is secret.
import { config } from '#shared/config.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  readQuery(event, noQuery);
  return jsonResponse(200, config.identity());
});
