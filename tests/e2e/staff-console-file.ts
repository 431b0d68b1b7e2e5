// What both staff-console files share: a runtime and a Chromium per file, staff signed in to the API once, and the
// console's parts as a person finds them. Each file calls useStaffConsoleFile() at its top.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { uniqueIssue } from '../support/api-fixtures.ts';
import { browserTest, useBrowserFile, type TestPages } from '../support/browser-test.ts';
import { waitForTask, type TestBaton } from '../support/local-baton.ts';

export let baton: TestBaton;
let browser: Browser;
export let staffToken: string;
export let salesToken: string;

/** Starts the file's runtime and Chromium before its tests and stops them after; each test's pages keep the site's CSP. */
export function useStaffConsoleFile(): void {
  useBrowserFile(['service', 'sales'], (file) => {
    ({ baton, browser } = file);
    ({ service: staffToken, sales: salesToken } = file.tokens);
  });
}

// Each test works on issues of its own, so the tests run side by side (`describe.concurrent`); each closes its own pages.
export const it = browserTest(() => ({ browser, baseUrl: baton.url }));

export interface Submitted {
  issueId: string;
  trackingCode: string;
  subject: string;
  email: string;
  orderRef: string;
}

/** A customer submits an issue through the API; every call a new customer unless one is given. */
export async function submitIssue(overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const body = uniqueIssue({ subject: `Pump grinds ${randomUUID().slice(0, 8)}`, ...overrides });
  const response = await baton.request('POST', '/api/issues', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, subject: body.subject, email: body.customer.email, orderRef: body.orderRef as string };
}

export const consoleRoute = (issueId?: string) => `/staff${issueId ? `#issue=${issueId}` : ''}`;
/** The staff console signed in as this person, in a tab the file keeps; with an issue id, it opens on that issue (`#issue=…`). */
export const signedInConsole = (pages: TestPages, username: string, issueId?: string): Promise<Page> => pages.console(username, consoleRoute(issueId));

/** A new issue whose triage task is open, shown in the service console (in a context of its own if `fresh`). */
export async function atTriageInConsole(pages: TestPages, { fresh = false } = {}): Promise<{ issue: Submitted; page: Page }> {
  const issue = await submitIssue();
  await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
  const page = fresh ? await pages.signedIn('service', consoleRoute(issue.issueId)) : await signedInConsole(pages, 'service', issue.issueId);
  await page.getByRole('heading', { name: issue.subject }).waitFor();
  return { issue, page };
}

export const historyEntry = (page: Page, text: string) => page.locator('ol.history > li', { hasText: text });
export const noteForm = (page: Page) => page.locator('form.note-form');

export async function addNoteInBrowser(page: Page, text: string, visibility: 'internal' | 'customer') {
  const form = noteForm(page);
  await form.getByLabel('Your note').fill(text);
  if (visibility === 'customer') await form.getByLabel('Customer-visible: the customer will see this').check();
  await form.getByRole('button', { name: 'Add note' }).click();
  await historyEntry(page, text).waitFor();
}

export const statusLine = (page: Page) => page.locator('.status-line');
export const holders = (page: Page) => page.locator('section[aria-labelledby="now-title"] ul.plain li').allTextContents();
export const activeTask = (page: Page, step: string) => page.locator('section.active-task', { has: page.locator('.task-step', { hasText: step }) });

/** Completes the held task of this step in the issue view, as a person would. */
export async function completeInBrowser(page: Page, step: string, outcome: string, fields: Record<string, string>, summary: string) {
  const form = page.locator('form.complete-form', { has: page.getByRole('heading', { name: `Complete: ${step}` }) });
  await form.getByLabel(outcome).check();
  for (const [label, value] of Object.entries(fields)) {
    const control = form.getByLabel(label, { exact: true });
    if ((await control.evaluate((element) => element.tagName)) === 'SELECT') await control.selectOption({ label: value });
    else await control.fill(value);
  }
  await form.getByLabel('Summary').fill(summary);
  await form.getByRole('button', { name: 'Complete task' }).click();
}
