// GET /api/flows/{flowId}/map — the live process map: nodes, edges and department lanes drawn from
// the flow's ASL, each human step with its open, claimed and breached counts, and the flow's KPIs
// and bounce report.
import { readProcessMap } from '#shared/data/flow-map.ts';
import { flowIdParams } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  const { flowId } = readPath(event, flowIdParams);
  readQuery(event, noQuery);
  return jsonResponse(200, await readProcessMap(flowId));
});
