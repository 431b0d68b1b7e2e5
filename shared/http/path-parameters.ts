// Path and query parameters, validated like bodies: a bad one is a 400 naming it.
import { z } from 'zod';

export const entityId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[A-Za-z0-9_-]{1,64}$`), `Not a ${prefix} id.`);

export const taskIdParams = z.object({ taskId: entityId('tsk') });
export const issueIdParams = z.object({ issueId: entityId('iss') });
