// Step Lambda at the start of every flow: records on the issue the Baton flow version its execution
// runs on (written into its payload by the flow generator), so the issue shows the version it finishes on.
import { recordFlowVersion } from '#shared/data/issue-lifecycle.ts';
import { flowVersionOfExecution } from '#shared/flows/flow-facts.ts';
import { recordFlowVersionPayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const input = recordFlowVersionPayload.parse(event);
  const flowVersion = await flowVersionOfExecution(input);
  await recordFlowVersion(input.issueId, flowVersion);
  return { flowVersion };
}
