// Step Lambda for "Ask the customer …" and "Remind the customer …" (`lambda:invoke.waitForTaskToken`):
// puts the question (or a reminder) on the customer's timeline and keeps the token until the
// customer replies through POST /api/track/messages. Returns at once; the flow waits.
import { z } from 'zod';
import { waitForCustomer } from '#shared/data/customer-waits.ts';
import { deliverReply } from '#shared/flows/deliver-reply.ts';

const waitForCustomerInput = z.object({
  taskToken: z.string().min(1),
  executionArn: z.string().min(1),
  issueId: z.string().min(1),
  stateName: z.string().min(1),
  enteredAt: z.string().min(1),
  attempt: z.number().int().nonnegative().default(0),
  step: z.string().min(1),
  askedIn: z.string().min(1),
  kind: z.enum(['question', 'reminder']),
});

export async function handler(event: unknown) {
  const step = waitForCustomerInput.parse(event);
  const answeredAlready = await waitForCustomer(step);
  // The customer replied just as the previous wait timed out: that reply answers this wait.
  if (answeredAlready) await deliverReply(answeredAlready);
  return { waiting: step.step };
}
