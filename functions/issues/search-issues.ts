// POST /api/issues/search — exact match on issue id, tracking code, e-mail or order reference
// (index look-ups only). A POST, so no e-mail address sits in a URL or an access log.
import { searchIssues } from '#shared/data/issue-lists.ts';
import { searchBody } from '#shared/api/schemas.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';

export const handler = httpHandler(async (event) => {
  staffCaller(event);
  readQuery(event, noQuery);
  const { q } = readJsonBody(event, searchBody);
  return jsonResponse(200, await searchIssues(q));
});
