// Step Lambda at the start of every flow: records on the issue the Baton flow version its execution
// runs on (written into its payload by the flow generator), so the issue shows the version it finishes on.
import { z } from 'zod';
import { recordFlowVersion } from '#shared/data/issue-lifecycle.ts';
import { flowVersionOfExecution } from '#shared/flows/flow-facts.ts';

const recordFlowVersionInput = z.object({
  issueId: z.string().min(1),
  executionArn: z.string().min(1),
  /** Absent only in executions started on a definition older than this field. */
  flowVersion: z.number().int().positive().optional(),
});

export async function handler(event: unknown) {
  const input = recordFlowVersionInput.parse(event);
  const flowVersion = await flowVersionOfExecution(input);
  await recordFlowVersion(input.issueId, flowVersion);
  return { flowVersion };
}
