// Scheduled (shared/scheduled-lambdas.ts) on AWS by EventBridge, locally at start and on the runtime's clock: sends
// what the stream did not (a crash before the sender ran, a retry that is due) and lists abandoned sends.
import { sweepOutbox } from '#shared/notifications/deliver.ts';
import { owedMessages } from '#shared/notifications/outbox.ts';

export async function handler() {
  return sweepOutbox(await owedMessages(500));
}
