// The customer's form (`/`): submit an issue without an account and get a tracking code.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { flowIds, flowNames } from '#shared/flows/catalog.ts';
import { api, ApiError, errorSentence, fieldProblemText, idempotencyKey, problemsByField, type FieldProblem } from '../api.ts';
import { Field, focusFirstInvalid } from '../components/field.ts';
import { Notice, Page } from '../components/layout.ts';
import { lang, pick, t, useLang } from '../i18n.ts';
import { rememberedCredentials, rememberTracking } from './track-page.ts';

const fields = ['customer.name', 'customer.email', 'customer.phone', 'customer.company', 'category', 'subject', 'description', 'orderRef'] as const;
type FieldName = (typeof fields)[number];
type Values = Record<FieldName, string>;

const emptyValues = (): Values => Object.fromEntries(fields.map((name) => [name, ''])) as Values;
const controlId = (name: string) => `issue-${name.replace('.', '-')}`;

type Outcome = { kind: 'created'; trackingCode: string; email: string } | { kind: 'attached' };

function submission(values: Values) {
  const optional = (value: string) => (value.trim() === '' ? undefined : value);
  return {
    customer: {
      name: values['customer.name'],
      email: values['customer.email'],
      phone: optional(values['customer.phone']),
      company: optional(values['customer.company']),
    },
    category: values.category,
    subject: values.subject,
    description: values.description,
    orderRef: optional(values.orderRef),
    // The customer's e-mails are written in the language they filled the form in.
    language: lang() === 'zh' ? 'zh-CN' : 'en',
  };
}

/** The confirmation is the page's `#received` state: a reload or Back shows it again from this tab's storage. */
const receivedHash = '#received';
function rememberedOutcome(): Outcome | undefined {
  if (location.hash !== receivedHash) return undefined;
  const { trackingCode, email } = rememberedCredentials();
  return trackingCode && email ? { kind: 'created', trackingCode, email } : undefined;
}

export function IntakePage() {
  useLang();
  const [values, setValues] = useState<Values>(emptyValues);
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [formError, setFormError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(rememberedOutcome);
  const key = useRef(idempotencyKey());
  const form = useRef<HTMLFormElement>(null);

  const set = (name: FieldName) => (event: Event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value });
  const errorOf = (name: FieldName) => (problems[name] ? fieldProblemText(problems[name]) : undefined);

  async function submit(event: Event) {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setFormError(undefined);
    try {
      const response = await api<{ trackingCode?: string; attached?: boolean }>('POST', '/api/issues', {
        body: submission(values),
        headers: { 'Idempotency-Key': key.current },
      });
      setProblems({});
      if (response.body.trackingCode) {
        rememberTracking(response.body.trackingCode, values['customer.email'].trim());
        // In the fragment, which is never sent to the server: the code itself stays in this tab's sessionStorage.
        history.replaceState(null, '', receivedHash);
        setOutcome({ kind: 'created', trackingCode: response.body.trackingCode, email: values['customer.email'].trim() });
      } else {
        setOutcome({ kind: 'attached' });
      }
      key.current = idempotencyKey();
    } catch (error) {
      const byField = problemsByField(error);
      const known = Object.keys(byField).filter((name) => (fields as readonly string[]).includes(name));
      setProblems(byField);
      setFormError(error instanceof ApiError && error.code === 'invalid_request' && known.length > 0 ? t('fixFields') : errorSentence(error));
      focusFirstInvalid(form.current);
    } finally {
      setSending(false);
    }
  }

  function startOver() {
    history.replaceState(null, '', location.pathname);
    setValues(emptyValues());
    setOutcome(undefined);
  }

  if (outcome) return html`<${Page} face="intake" title=${t('navIntake')}><${Received} outcome=${outcome} onAnother=${startOver} /></${Page}>`;

  const input = (name: FieldName, attributes: Record<string, unknown> = {}) =>
    html`<input name=${name} value=${values[name]} onInput=${set(name)} ...${attributes} />`;

  return html`<${Page} face="intake" title=${t('navIntake')}>
    <h1>${t('intakeTitle')}</h1>
    <p class="lead">${t('intakeIntro')}</p>
    <form ref=${form} class="stack" noValidate onSubmit=${submit} aria-describedby=${formError ? 'intake-form-error' : undefined}>
      ${formError ? html`<div id="intake-form-error" tabindex="-1" class="notice notice-error" role="alert">${formError}</div>` : null}
      <fieldset>
        <legend>${t('aboutYou')}</legend>
        <div class="grid-2">
          <${Field} id=${controlId('customer.name')} label=${t('name')} error=${errorOf('customer.name')}>
            ${input('customer.name', { autocomplete: 'name', required: true, maxLength: 200 })}
          </${Field}>
          <${Field} id=${controlId('customer.email')} label=${t('email')} hint=${t('emailHint')} error=${errorOf('customer.email')}>
            ${input('customer.email', { type: 'email', autocomplete: 'email', required: true, spellcheck: false })}
          </${Field}>
          <${Field} id=${controlId('customer.phone')} label=${t('phone')} optional error=${errorOf('customer.phone')}>
            ${input('customer.phone', { type: 'tel', autocomplete: 'tel', maxLength: 40 })}
          </${Field}>
          <${Field} id=${controlId('customer.company')} label=${t('company')} optional error=${errorOf('customer.company')}>
            ${input('customer.company', { autocomplete: 'organization', maxLength: 200 })}
          </${Field}>
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('yourIssue')}</legend>
        <${Field} id=${controlId('category')} label=${t('category')} error=${errorOf('category')}>
          <select name="category" required value=${values.category} onChange=${set('category')}>
            <option value="">${t('chooseCategory')}</option>
            ${flowIds.map((flowId) => html`<option value=${flowId}>${pick(flowNames[flowId])}</option>`)}
          </select>
        </${Field}>
        <${Field} id=${controlId('subject')} label=${t('subject')} hint=${t('subjectHint')} error=${errorOf('subject')}>
          ${input('subject', { required: true, maxLength: 200 })}
        </${Field}>
        <${Field} id=${controlId('description')} label=${t('description')} hint=${t('descriptionHint')} error=${errorOf('description')}>
          <textarea name="description" rows="6" required value=${values.description} onInput=${set('description')}></textarea>
        </${Field}>
        <${Field} id=${controlId('orderRef')} label=${t('orderRef')} hint=${t('orderRefHint')} optional error=${errorOf('orderRef')}>
          ${input('orderRef', { maxLength: 100, spellcheck: false })}
        </${Field}>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled=${sending}>${sending ? t('submitting') : t('submitIssue')}</button>
      </div>
    </form>
  </${Page}>`;
}

function Received({ outcome, onAnother }: { outcome: Outcome; onAnother: () => void }) {
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  if (outcome.kind === 'attached') {
    return html`<section class="stack" aria-labelledby="received-title">
      <h1 id="received-title" tabindex="-1" ref=${heading}>${t('attachedTitle')}</h1>
      <p>${t('attachedText')}</p>
      <div class="actions">
        <a class="button primary" href="/track">${t('trackNow')}</a>
        <button type="button" onClick=${onAnother}>${t('submitAnother')}</button>
      </div>
    </section>`;
  }
  async function copy() {
    if (outcome.kind !== 'created') return;
    try {
      await navigator.clipboard.writeText(outcome.trackingCode);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return html`<section class="stack" aria-labelledby="received-title">
    <${Notice} kind="success"><h1 id="received-title" tabindex="-1" ref=${heading}>${t('receivedTitle')}</h1></${Notice}>
    <div class="tracking-card">
      <p class="tracking-label" id="tracking-code-label">${t('yourTrackingCode')}</p>
      <p class="tracking-code" aria-labelledby="tracking-code-label" data-testid="tracking-code">${outcome.trackingCode}</p>
      <button type="button" onClick=${copy}>${t('copyCode')}</button>
      <span class="copied" role="status">${copied ? t('copied') : ''}</span>
    </div>
    <p>${t('trackingCodeHowTo', { email: outcome.email })}</p>
    <p class="hint">${t('trackingCodeNoEmail')}</p>
    <div class="actions">
      <a class="button primary" href="/track">${t('trackNow')}</a>
      <button type="button" onClick=${onAnother}>${t('submitAnother')}</button>
    </div>
  </section>`;
}
