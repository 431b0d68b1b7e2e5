// GET /api/flows — the flows with their current versions.
import { listFlows } from '#shared/data/flow-map.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  readQuery(event, noQuery);
  return jsonResponse(200, listFlows());
});
