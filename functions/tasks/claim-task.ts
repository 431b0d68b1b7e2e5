// POST /api/tasks/{taskId}/claim — take a task as its only holder.
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { claimTask } from '#shared/data/task-store.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  const { taskId } = readPath(event, taskIdParams);
  readQuery(event, noQuery);
  return jsonResponse(200, { task: await claimTask(taskId, caller) });
});
