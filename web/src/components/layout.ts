// The frame every face shares: skip link, header with the face's links and the language switch,
// and the main landmark.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { html } from 'htm/preact';
import { setLang, t, useLang, type MessageKey } from '../i18n.ts';

export type Face = 'intake' | 'track' | 'staff' | 'manager';

const links: Record<'customer' | 'console', Array<{ href: string; label: MessageKey; face: Face }>> = {
  customer: [
    { href: '/', label: 'navIntake', face: 'intake' },
    { href: '/track', label: 'navTrack', face: 'track' },
  ],
  console: [
    { href: '/staff', label: 'navStaff', face: 'staff' },
    { href: '/manager', label: 'navManager', face: 'manager' },
  ],
};

export function LanguageSwitch() {
  const current = useLang();
  const option = (value: 'zh' | 'en', label: string, tag: string) =>
    html`<button type="button" class="lang-option" lang=${tag} aria-pressed=${current === value ? 'true' : 'false'} onClick=${() => setLang(value)}>${label}</button>`;
  return html`<div class="lang-switch" role="group" aria-label=${`${t('language')} / Language`}>
    ${option('zh', '中文', 'zh-CN')}${option('en', 'English', 'en')}
  </div>`;
}

export function Page({ face, title, wide = false, children, account }: { face: Face; title: string; wide?: boolean; children: ComponentChildren; account?: ComponentChildren }) {
  useLang();
  useEffect(() => {
    document.title = `${title} · Baton`;
  }, [title]);
  const group = face === 'intake' || face === 'track' ? 'customer' : 'console';
  return html`
    <a class="skip-link" href="#main">${t('skipToContent')}</a>
    <header class="site-header">
      <div class=${`header-inner ${wide ? 'wide' : ''}`}>
        <a class="brand" href=${group === 'customer' ? '/' : '/staff'}>Baton</a>
        <nav aria-label=${title}>
          <ul class="nav-links">
            ${links[group].map(
              (link) => html`<li><a href=${link.href} aria-current=${link.face === face ? 'page' : undefined}>${t(link.label)}</a></li>`,
            )}
          </ul>
        </nav>
        <div class="header-tools">${account}<${LanguageSwitch} /></div>
      </div>
    </header>
    <main id="main" tabindex="-1" class=${wide ? 'wide' : 'narrow'}>${children}</main>
  `;
}

export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  return html`<div class=${`notice notice-${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`;
}
