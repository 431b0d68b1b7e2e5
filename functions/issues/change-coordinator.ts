// POST /api/issues/{issueId}/coordinator — a manager names the issue's coordinator (the one person
// who answers for it), with a reason kept in the history.
import { changeCoordinator } from '#shared/data/coordinator.ts';
import { changeCoordinatorBody } from '#shared/domain/coordinator.ts';
import { managerCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { issueIdParams } from '#shared/http/path-parameters.ts';
import { noQuery, readJsonBody, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  const caller = managerCaller(event);
  const { issueId } = readPath(event, issueIdParams);
  readQuery(event, noQuery);
  const change = readJsonBody(event, changeCoordinatorBody);
  return jsonResponse(200, { coordinator: await changeCoordinator(issueId, caller, change) });
});
