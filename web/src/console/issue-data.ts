// The issue 360 as the API returns it, and a small cache of issue headlines for queue rows (a task
// names its issue by id only; staff recognise issues by subject and customer).
import { useEffect, useRef, useState } from 'preact/hooks';
import { hasUnreadCustomerMessage } from '#shared/domain/unread.ts';
import type { readIssue360 } from '#shared/data/read-models.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { Outcome, OutcomeField, Task } from '#shared/domain/task.ts';
import { api } from '../api.ts';

export type IssueView = Awaited<ReturnType<typeof readIssue360>>;
export type { IssueEvent, Outcome, OutcomeField, Task };

export interface Headline {
  subject: string;
  status: string;
  customerName?: string;
  company?: string;
  /** Tells apart issues with the same subject. */
  orderRef?: string;
  /** The customer wrote since staff last acted on the issue. */
  unreadMessage: boolean;
}

const headlines = new Map<string, Headline>();
const pending = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
let running = 0;
const queue: Array<() => void> = [];

/** At most four look-ups at a time, so a long queue does not flood the API. */
function limited<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = () => {
      running++;
      work()
        .then(resolve, reject)
        .finally(() => {
          running--;
          queue.shift()?.();
        });
    };
    if (running < 4) start();
    else queue.push(start);
  });
}

export function rememberHeadline(view: IssueView): void {
  headlines.set(view.issue.issueId, {
    subject: view.issue.subject,
    status: view.issue.status,
    customerName: view.customer?.name,
    company: view.customer?.company,
    ...('orderRef' in view.issue && view.issue.orderRef ? { orderRef: view.issue.orderRef } : {}),
    unreadMessage: hasUnreadCustomerMessage(view.events),
  });
  for (const listener of listeners) listener();
}

function fetchHeadline(issueId: string, again: boolean): void {
  if ((!again && headlines.has(issueId)) || pending.has(issueId)) return;
  const work = limited(() => api<IssueView>('GET', `/api/issues/${encodeURIComponent(issueId)}`, { auth: true }))
    .then((response) => rememberHeadline(response.body))
    .catch(() => undefined)
    .finally(() => pending.delete(issueId));
  pending.set(issueId, work);
}

/**
 * Headlines for the given issues, fetched once each and re-rendered as they arrive; read again when
 * `round` changes (after an action or a refresh by hand), so a customer's new message gets flagged.
 */
export function useHeadlines(issueIds: string[], round = 0): Map<string, Headline> {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const lastRound = useRef(round);
  useEffect(() => {
    const again = lastRound.current !== round;
    lastRound.current = round;
    for (const issueId of new Set(issueIds)) fetchHeadline(issueId, again);
  }, [issueIds.join(','), round]);
  return headlines;
}
