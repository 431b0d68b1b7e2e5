// Scheduled on AWS with the sweeper; run by the local runtime at start and on its repair schedule: sends
// what the stream did not (a crash before the sender ran, a retry that is due) and lists abandoned sends.
import { sweepOutbox } from '#shared/notifications/deliver.ts';
import { owedMessages } from '#shared/notifications/outbox.ts';

export async function handler() {
  return sweepOutbox(await owedMessages(500));
}
