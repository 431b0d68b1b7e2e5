// GET /api/queues/{department}?view=open|mine|all&nextToken= — a department's tasks by due time.
import { z } from 'zod';
import { httpHandler } from '#shared/http/http-handler.ts';
import { validate } from '#shared/http/request-body.ts';
import { jsonResponse } from '#shared/http/responses.ts';
import { callerOf } from '#shared/http/caller.ts';
import { queueDepartments } from '#shared/domain/task.ts';
import { readQueue } from '#shared/data/read-models.ts';

const params = z.object({ department: z.enum(queueDepartments) });
const query = z.strictObject({
  view: z.enum(['open', 'mine', 'all']).default('open'),
  nextToken: z.string().max(2_000).optional(),
});

export const handler = httpHandler(async (event) => {
  const caller = callerOf(event);
  const { department } = validate(params, event.pathParameters);
  const { view, nextToken } = validate(query, event.queryStringParameters ?? {});
  return jsonResponse(200, await readQueue(department, view, caller.username, nextToken));
});
