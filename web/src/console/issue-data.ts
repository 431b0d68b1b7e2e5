// The issue 360 as the API returns it, and the issue headlines of queue rows and search results (a task
// names its issue by id only; staff recognise issues by subject and customer), as the API's answers carry them.
import { useEffect, useState } from 'preact/hooks';
import type { Headline } from '#shared/api/schemas.ts';
import { headlineOf } from '#shared/domain/headline.ts';
import { hasUnreadCustomerMessage } from '#shared/domain/unread.ts';
import type { readIssue360 } from '#shared/data/read-models.ts';
import type { IssueEvent } from '#shared/domain/events.ts';
import type { Outcome, OutcomeField, Task } from '#shared/domain/task.ts';

export type IssueView = Awaited<ReturnType<typeof readIssue360>>;
export type { Headline, IssueEvent, Outcome, OutcomeField, Task };

/** The headlines the console has seen, by issue id: from queue and search answers, and from the issues it opened. */
const headlines = new Map<string, Headline>();
const listeners = new Set<() => void>();

const changed = () => {
  for (const listener of listeners) listener();
};

/** The headlines a queue or search answer carried (the API sends them with the rows: no read per row). */
export function rememberHeadlines(answered: Record<string, Headline>): void {
  for (const [issueId, headline] of Object.entries(answered)) headlines.set(issueId, headline);
  changed();
}

/** An issue opened in full tells its row's headline too, newer than the list's. */
export function rememberHeadline(view: IssueView): void {
  headlines.set(view.issue.issueId, headlineOf(view.issue, view.customer, hasUnreadCustomerMessage(view.events)));
  changed();
}

/** The headlines known so far; the component renders again whenever more arrive. */
export function useHeadlines(): ReadonlyMap<string, Headline> {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return headlines;
}
