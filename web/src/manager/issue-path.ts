// One issue's path on the process map: the issue open in the console (kept in the address as
// #issue=<issueId>) and the steps it went through with their times, from its issue 360.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import type { IssueView } from '../console/issue-data.ts';

export interface IssuePath {
  issueId: string;
  flowId: string;
  subject: string;
  /** Step ids in the order their tasks opened. */
  steps: string[];
  /** The same visits with the department that held each, its time, and where the issue is now. */
  visits: IssueView['visits'];
}

const issueInAddress = (): string | undefined => /^#issue=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];

/**
 * The issue open in the console. Read on every render: the console rewrites the fragment with
 * history.replaceState when a task is opened (no event) and re-renders the page, this panel with
 * it; a fragment changed by hand, a link or the back button arrives as a hashchange.
 */
export function useIssueInAddress(): string | undefined {
  const [, setSeen] = useState(0);
  useEffect(() => {
    const changed = () => setSeen((seen) => seen + 1);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return issueInAddress();
}

/** The path of the given issue, read again whenever something changed (`version`). */
export function useIssuePath(issueId: string | undefined, version: number, onUnauthorized: () => void): IssuePath | undefined {
  const [path, setPath] = useState<IssuePath>();
  useEffect(() => {
    if (!issueId) {
      setPath(undefined);
      return;
    }
    let current = true;
    api<IssueView>('GET', `/api/issues/${encodeURIComponent(issueId)}`, { auth: true }).then(
      ({ body }) => {
        if (current) setPath({ issueId, flowId: body.issue.flowId, subject: body.issue.subject, steps: body.path, visits: body.visits });
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
        // An issue that cannot be read draws no path; the issue view says why.
        if (current) setPath(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [issueId, version]);
  return path?.issueId === issueId ? path : undefined;
}
