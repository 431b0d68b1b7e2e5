// GET /api/issues/{issueId} — the issue 360: every department sees the whole history.
import { httpHandler } from '#shared/http/http-handler.ts';
import { validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { issueIdParams } from '#shared/http/path-parameters.ts';
import { readIssue360 } from '#shared/data/read-models.ts';

export const handler = httpHandler(async (event) => {
  callerOf(event);
  const { issueId } = validate(issueIdParams, event.pathParameters);
  return jsonResponse(200, await readIssue360(issueId));
});
