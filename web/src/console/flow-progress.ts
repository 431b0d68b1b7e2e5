// After a completion the flow moves on by itself (Step Functions runs its machine steps, then opens
// the next tasks), so one reload right away shows the moment in between. This follows the issue with
// its cheapest read (GET /api/issues/{id}/progress: one GetItem) until the flow has visibly moved on,
// then says what really happened: soon after the answer, as the person is still looking.
import type { IssueProgress } from '#shared/api/schemas.ts';
import { api } from '../api.ts';
import { departmentName, t } from '../i18n.ts';

/**
 * A flow usually moves on within half a second of the answer (its machine steps, then the next task's item): the first
 * reads come that soon, later ones once a second. Reading once a second from the start made every completion wait
 * at least two seconds for its sentence.
 */
const firstReadsMs = [300, 300, 400];
const laterReadsMs = 1_000;
/** Parallel steps open their tasks one after another, well within this: one read this long after a move sees them all. */
const settleMs = 500;
const giveUpAfterMs = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const read = async (issueId: string) => (await api<IssueProgress>('GET', `/api/issues/${encodeURIComponent(issueId)}/progress`, { auth: true })).body;

/**
 * Polls until the issue is closed, waits for the customer, or has a holder it did not have before;
 * then once more while it keeps changing, so parallel steps opened together are all there.
 */
export async function followFlow(issueId: string, before: { holderTaskIds: string[] }): Promise<{ progress: IssueProgress; newHolders: string[] } | undefined> {
  let last: IssueProgress | undefined;
  for (let attempt = 0, waited = 0; waited < giveUpAfterMs; attempt++) {
    const delay = last ? settleMs : (firstReadsMs[attempt] ?? laterReadsMs);
    await sleep(delay);
    waited += delay;
    const progress = await read(issueId);
    const fresh = progress.holders.filter((holder) => !before.holderTaskIds.includes(holder.taskId));
    const moved = progress.status === 'closed' || progress.status === 'waiting_customer' || fresh.length > 0;
    if (moved && last && last.eventCount === progress.eventCount) return { progress, newHolders: [...new Set(fresh.map((holder) => holder.department))] };
    last = moved ? progress : undefined;
  }
  return undefined;
}

/** What the person who completed the task is told happened, from where the issue is now. */
export function afterCompletion(outcome: string, followed: Awaited<ReturnType<typeof followFlow>>): string {
  if (!followed) return t('afterStillMoving', { outcome });
  const { progress, newHolders } = followed;
  if (progress.status === 'closed') return t('afterClosed', { outcome });
  if (progress.status === 'waiting_customer') return t('afterWaitingCustomer', { outcome });
  return t('afterMovedOn', { outcome, departments: newHolders.map(departmentName).join(t('listSeparator')) });
}
