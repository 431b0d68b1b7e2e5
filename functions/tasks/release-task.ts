// POST /api/tasks/{taskId}/release — give a task back to its queue (its holder or a manager).
import { httpHandler } from '#shared/http/http-handler.ts';
import { validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { releaseTask } from '#shared/data/task-store.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const { taskId } = validate(taskIdParams, event.pathParameters);
  return jsonResponse(200, { task: await releaseTask(taskId, caller) });
});
