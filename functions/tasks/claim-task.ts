// POST /api/tasks/{taskId}/claim — take a task as its only holder.
import { httpHandler } from '#shared/http/http-handler.ts';
import { validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { claimTask } from '#shared/data/task-store.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const { taskId } = validate(taskIdParams, event.pathParameters);
  return jsonResponse(200, { task: await claimTask(taskId, caller) });
});
