// GET /api/issues/{issueId} — the issue 360: every department sees the whole history.
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { issueIdParams } from '#shared/http/path-parameters.ts';
import { readIssue360 } from '#shared/data/read-models.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  const { issueId } = readPath(event, issueIdParams);
  readQuery(event, noQuery);
  return jsonResponse(200, await readIssue360(issueId));
});
