// Step Lambda for every human step (`lambda:invoke.waitForTaskToken`): opens the task in its
// department's queue, keeping the token for the person's decision. Returns at once; the flow waits.
import type { Context } from 'aws-lambda';
import { humanStepPayload } from '#shared/flows/human-step.ts';
import { openTask } from '#shared/data/task-store.ts';
import { slaOfStep } from '#shared/flows/flow-facts.ts';
import { config } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';

export async function handler(event: unknown, _context?: Context) {
  const step = humanStepPayload.parse(event);
  const task = await openTask(step, (await slaOfStep(step)) * config.timeFactor());
  logger.info('task opened', { issueId: step.issueId, taskId: task.taskId, step: step.step });
  return { taskId: task.taskId };
}
