// Entry point of the manager console (`/manager`): the escalation queue, the issue view, the live
// process map per flow, the figures per period, every department's queue at a glance, and what staff ask Baton to do for them.
import { render } from 'preact';
import { html } from 'htm/preact';
import { ConsolePage } from '../console/console-page.ts';
import type { Me } from '../console/session.ts';
import { signOut } from '../staff-session.ts';
import { DepartmentOverview } from '../manager/department-overview.ts';
import { FiguresPanel } from '../manager/figures-panel.ts';
import { FeedbackList } from '../manager/feedback-list.ts';
import { IssueList } from '../manager/issue-list.ts';
import { ProcessMapPanel } from '../manager/process-map.ts';

const signInAgain = () => {
  void signOut().finally(() => location.reload());
};

const extras = (_me: Me, version: number) => html`
  <${ProcessMapPanel} version=${version} onUnauthorized=${signInAgain} />
  <${FiguresPanel} version=${version} onUnauthorized=${signInAgain} />
  <${DepartmentOverview} version=${version} onUnauthorized=${signInAgain} />
  <${IssueList} version=${version} onUnauthorized=${signInAgain} />
  <${FeedbackList} version=${version} onUnauthorized=${signInAgain} />
`;

render(html`<${ConsolePage} face="manager" extras=${extras} />`, document.getElementById('app')!);
