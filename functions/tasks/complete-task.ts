// POST /api/tasks/{taskId}/complete — the holder finishes a task with an outcome and a handoff
// packet; the flow is told after the completion is stored.
import { httpHandler } from '#shared/http/http-handler.ts';
import { noQuery, readJsonBody, readPath, readQuery } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { staffCaller } from '#shared/http/authorization.ts';
import { conflict } from '#shared/http/errors.ts';
import { taskIdParams } from '#shared/http/path-parameters.ts';
import { completeTaskBody } from '#shared/domain/completion.ts';
import { completeTask } from '#shared/data/task-completion.ts';
import { deliverCallback } from '#shared/flows/deliver-callback.ts';

export const handler = httpHandler(async (event) => {
  const caller = staffCaller(event);
  const { taskId } = readPath(event, taskIdParams);
  readQuery(event, noQuery);
  const body = readJsonBody(event, completeTaskBody);
  const completion = await completeTask(taskId, caller, body);
  if (completion.kind === 'late') {
    throw conflict('task_closed', 'This step’s SLA expired before your completion; what you entered is kept in the issue’s history.');
  }
  const delivery = await deliverCallback(completion.task.taskId, completion.callback, { confirmedByOpenings: completion.confirmedByOpenings === true });
  if (delivery === 'flow-moved-on') {
    throw conflict('task_closed', 'The flow moved on before your completion reached it; what you entered is kept in the issue’s history.');
  }
  return jsonResponse(200, { task: completion.task });
});
