// Step Lambda when the customer did not reply after the reminder: the flow stops waiting and goes
// back to the step, whose next task carries a "no reply" note.
import { endWaitWithoutReply } from '#shared/data/customer-waits.ts';
import { endCustomerWaitPayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const { issueId, step } = endCustomerWaitPayload.parse(event);
  await endWaitWithoutReply(issueId, step);
  return { step, replied: false };
}
