// The staff session in the consoles: the sign-in form, and who we are once signed in. The sign-in
// itself (Cognito's protocol, on both targets) is staff-session.ts.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, ApiError, errorSentence } from '../api.ts';
import { hasSession, signIn, signOut, SignInError } from '../staff-session.ts';
import { Field } from '../components/field.ts';
import { t, useLang } from '../i18n.ts';
import type { Department } from '#shared/http/caller.ts';
import type { QueueDepartment } from '#shared/domain/task.ts';

export interface Me {
  username: string;
  groups: string[];
}

// Listed here rather than imported: the shared modules that define them also load zod, which the
// browser does not need. `satisfies` keeps the lists in step with the shared types.
export const staffDepartments = ['sales', 'production', 'service'] as const satisfies readonly Department[];
export const queueDepartments = [...staffDepartments, 'management'] as const satisfies readonly QueueDepartment[];
export type { QueueDepartment };

export const isManager = (me: Me) => me.groups.includes('managers');

/** Managers act on any task; staff on their own department's tasks. */
export const mayActOn = (me: Me, department: string) => isManager(me) || (department !== 'management' && me.groups.includes(department));

export function homeQueue(me: Me, face: 'staff' | 'manager'): QueueDepartment {
  if (face === 'manager') return 'management';
  return staffDepartments.find((department) => me.groups.includes(department)) ?? 'management';
}

export type SessionState = { kind: 'checking' } | { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; me: Me };

export function useSession() {
  const [state, setState] = useState<SessionState>(() => (hasSession() ? { kind: 'checking' } : { kind: 'signed-out' }));
  useEffect(() => {
    if (state.kind !== 'checking') return;
    api<Me>('GET', '/api/me', { auth: true }).then(
      (response) => setState({ kind: 'signed-in', me: response.body }),
      async (error: unknown) => {
        await signOut();
        setState({ kind: 'signed-out', reason: error instanceof ApiError && error.status === 401 ? t('sessionExpired') : errorSentence(error) });
      },
    );
  }, [state.kind]);
  return {
    state,
    signedIn: () => setState({ kind: 'checking' }),
    signOut: async (reason?: string) => {
      await signOut();
      setState({ kind: 'signed-out', reason });
    },
  };
}

/** The user pool's refusal in the person's language. */
function signInFailure(failure: unknown): string {
  if (!(failure instanceof SignInError)) return errorSentence(failure);
  if (failure.type === 'NotAuthorizedException' || failure.type === 'UserNotFoundException' || failure.type === 'InvalidParameterException') return t('loginFailed');
  if (failure.type === 'TooManyRequestsException') return t('tooManySignIns');
  if (failure.type === 'NEW_PASSWORD_REQUIRED') return t('passwordNotSet');
  return t('error.unknown');
}

export function LoginForm({ reason, onSignedIn }: { reason?: string; onSignedIn: () => void }) {
  useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(reason);
  const [busy, setBusy] = useState(false);
  const [localMode, setLocalMode] = useState(false);
  useEffect(() => {
    api<{ mode?: string }>('GET', '/api/health').then(
      (response) => setLocalMode(response.body?.mode === 'local'),
      () => setLocalMode(false),
    );
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
      onSignedIn();
    } catch (failure) {
      setError(signInFailure(failure));
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="login card" aria-labelledby="login-title">
    <h1 id="login-title">${t('signInTitle')}</h1>
    <form class="stack" onSubmit=${submit}>
      ${error ? html`<div class="notice notice-error" role="alert">${error}</div>` : null}
      <${Field} id="login-username" label=${t('username')}>
        <input name="username" autocomplete="username" required spellcheck=${false} autocapitalize="none" value=${username} onInput=${(event: Event) => setUsername((event.target as HTMLInputElement).value)} />
      </${Field}>
      <${Field} id="login-password" label=${t('password')}>
        <input name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(event: Event) => setPassword((event.target as HTMLInputElement).value)} />
      </${Field}>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? t('signingIn') : t('signIn')}</button></div>
      ${localMode ? html`<p class="hint">${t('demoUsers')}</p>` : null}
    </form>
  </section>`;
}
