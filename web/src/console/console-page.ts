// The staff and manager consoles: sign-in, a search for any issue, a queue on the left, the chosen
// issue (or its customer's page) on the right. The open issue is kept in the address's fragment
// (#issue=…), so a reload keeps it.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { Notice, Page } from '../components/layout.ts';
import { t, useLang } from '../i18n.ts';
import { CustomerView } from './customer-view.ts';
import { FeedbackForm } from './feedback-form.ts';
import { IssueView } from './issue-view.ts';
import { QueuePanel, type QueueView } from './queue-panel.ts';
import { SearchPanel } from './search-panel.ts';
import { NotificationsPanel } from './notifications-panel.ts';
import { homeQueue, isManager, LoginForm, useSession, type Me, type QueueDepartment } from './session.ts';

const issueFromHash = (): string | undefined => /^#issue=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];

export interface ConsolePageProps {
  face: 'staff' | 'manager';
  /** Extra sections under the queue and issue (the manager's overview and map). */
  extras?: (me: Me, version: number) => ComponentChildren;
}

export function ConsolePage({ face, extras }: ConsolePageProps) {
  useLang();
  const { state, signedIn, signOut } = useSession();
  const title = face === 'manager' ? t('managerTitle') : t('staffTitle');
  const account =
    state.kind === 'signed-in'
      ? html`<span class="account"><span class="muted">${t('signedInAs', { username: state.me.username })}</span>
          <button type="button" class="small" onClick=${() => void signOut()}>${t('signOut')}</button></span>`
      : null;
  return html`<${Page} face=${face} title=${title} wide account=${account}>
    ${state.kind === 'checking' ? html`<p>${t('loading')}</p>` : null}
    ${state.kind === 'signed-out' ? html`<${LoginForm} reason=${state.reason} onSignedIn=${signedIn} />` : null}
    ${state.kind === 'signed-in'
      ? html`<${Workspace} face=${face} title=${title} me=${state.me} extras=${extras} onUnauthorized=${() => void signOut(t('sessionExpired'))} />`
      : null}
  </${Page}>`;
}

function Workspace({ face, title, me, extras, onUnauthorized }: { face: 'staff' | 'manager'; title: string; me: Me; extras?: ConsolePageProps['extras']; onUnauthorized: () => void }) {
  const [department, setDepartment] = useState<QueueDepartment>(() => homeQueue(me, face));
  const [view, setView] = useState<QueueView>('open');
  const [issueId, setIssueId] = useState<string | undefined>(issueFromHash);
  const [customerId, setCustomerId] = useState<string>();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    const onHash = () => {
      setIssueId(issueFromHash());
      setCustomerId(undefined);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  function open(next: string | undefined) {
    setIssueId(next);
    setCustomerId(undefined);
    setMessage(undefined);
    history.replaceState(null, '', next ? `#issue=${next}` : location.pathname);
  }

  function changed(text: string) {
    setMessage(text);
    setVersion((current) => current + 1);
  }

  const managing = face === 'manager' && department === 'management';
  return html`
    <h1 class="visually-hidden">${title}</h1>
    ${face === 'manager' && !isManager(me) ? html`<${Notice} kind="info">${t('notAManager')}</${Notice}>` : null}
    <div class="status-line" role="status">${message ?? ''}</div>
    <${NotificationsPanel} onOpen=${open} onUnauthorized=${onUnauthorized} />
    <${SearchPanel} selectedIssueId=${issueId} onOpen=${open} onUnauthorized=${onUnauthorized} />
    <div class="workspace">
      <${QueuePanel}
        me=${me}
        department=${department}
        onDepartment=${setDepartment}
        view=${view}
        onView=${setView}
        selectedIssueId=${issueId}
        onOpen=${(task: { issueId: string }) => open(task.issueId)}
        version=${version}
        onChanged=${changed}
        onUnauthorized=${onUnauthorized}
        heading=${managing ? t('escalations') : undefined}
        intro=${managing ? t('escalationsIntro') : undefined}
      />
      ${issueId && customerId
        ? html`<${CustomerView} customerId=${customerId} fromIssueId=${issueId} onOpenIssue=${open} onUnauthorized=${onUnauthorized} onClose=${() => setCustomerId(undefined)} />`
        : issueId
        ? html`<${IssueView} issueId=${issueId} me=${me} version=${version} onChanged=${changed} onOpenIssue=${open} onOpenCustomer=${setCustomerId} onUnauthorized=${onUnauthorized} onClose=${() => open(undefined)} />`
        : html`<section class="panel issue-panel placeholder"><p class="muted">${t('selectTask')}</p></section>`}
    </div>
    ${extras?.(me, version)}
    <${FeedbackForm} page=${face} onSent=${() => setVersion((current) => current + 1)} onUnauthorized=${onUnauthorized} />
  `;
}
