// GET /api/queues/{department}?view=open|mine|all&nextToken= — a department's tasks by due time.
import { httpHandler } from '#shared/http/http-handler.ts';
import { readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { departmentParams, queueQuery } from '#shared/api/schemas.ts';
import { readQueue } from '#shared/data/read-models.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  const { department } = readPath(event, departmentParams);
  const { view, nextToken } = readQuery(event, queueQuery);
  return jsonResponse(200, await readQueue(department, view, caller.username, nextToken));
});
