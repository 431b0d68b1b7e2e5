// Step Lambda for "Ask the customer …" and "Remind the customer …" (`lambda:invoke.waitForTaskToken`):
// puts the question (or a reminder) on the customer's timeline and keeps the token until the
// customer replies through POST /api/track/messages. Returns at once; the flow waits.
import { waitForCustomer } from '#shared/data/customer-waits.ts';
import { deliverReply } from '#shared/flows/deliver-reply.ts';
import { waitForCustomerPayload } from '#shared/flows/step-payloads.ts';

export async function handler(event: unknown) {
  const step = waitForCustomerPayload.parse(event);
  const answeredAlready = await waitForCustomer(step);
  // The customer replied just as the previous wait timed out: that reply answers this wait.
  if (answeredAlready) await deliverReply(answeredAlready);
  return { waiting: step.step };
}
