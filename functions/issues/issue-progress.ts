// GET /api/issues/{issueId}/progress — status, holders and change count of an issue from one read:
// what the consoles poll after an action until the flow has moved on.
import { readIssueProgress } from '#shared/data/issue-progress.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { issueIdParams } from '#shared/http/path-parameters.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  const { issueId } = readPath(event, issueIdParams);
  readQuery(event, noQuery);
  return jsonResponse(200, await readIssueProgress(issueId));
});
