// Step Lambda at the start of every flow: records on the issue the Baton flow version its execution
// runs on (read from the execution's own definition), so the issue shows the version it finishes on.
import { z } from 'zod';
import { recordFlowVersion } from '#shared/data/issue-lifecycle.ts';
import { flowVersionOf, type AslDefinition } from '#shared/flows/asl.ts';
import { definitionOfExecution } from '#shared/flows/step-functions-client.ts';

const recordFlowVersionInput = z.object({ issueId: z.string().min(1), executionArn: z.string().min(1) });

export async function handler(event: unknown) {
  const { issueId, executionArn } = recordFlowVersionInput.parse(event);
  const flowVersion = flowVersionOf((await definitionOfExecution(executionArn)) as AslDefinition);
  await recordFlowVersion(issueId, flowVersion);
  return { flowVersion };
}
