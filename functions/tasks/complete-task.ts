// POST /api/tasks/{taskId}/complete — the holder finishes a task with an outcome and a handoff
// packet; the flow is told after the completion is stored.
import { httpHandler } from '#shared/http/http-handler.ts';
import { readJsonBody, validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { completeTaskBody } from '#shared/domain/completion.ts';
import { completeTask } from '#shared/data/task-store.ts';
import { deliverCallback } from '#shared/flows/deliver-callback.ts';

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const { taskId } = validate(taskIdParams, event.pathParameters);
  const body = readJsonBody(event, completeTaskBody);
  const { task, callback } = await completeTask(taskId, caller, body);
  await deliverCallback(task.taskId, callback);
  return jsonResponse(200, { task });
});
