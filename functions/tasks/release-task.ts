// POST /api/tasks/{taskId}/release — give a task back to its queue (its holder or a manager).
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { releaseTask } from '#shared/data/task-store.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  const { taskId } = readPath(event, taskIdParams);
  readQuery(event, noQuery);
  return jsonResponse(200, { task: await releaseTask(taskId, caller) });
});
