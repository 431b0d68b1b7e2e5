// Step Lambda when the customer did not reply after the reminder: the flow stops waiting and goes
// back to the step, whose next task carries a "no reply" note.
import { z } from 'zod';
import { endWaitWithoutReply } from '#shared/data/customer-waits.ts';

const endCustomerWaitInput = z.object({ issueId: z.string().min(1), step: z.string().min(1) });

export async function handler(event: unknown) {
  const { issueId, step } = endCustomerWaitInput.parse(event);
  await endWaitWithoutReply(issueId, step);
  return { step, replied: false };
}
