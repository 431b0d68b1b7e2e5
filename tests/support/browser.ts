// A real Chromium for browser tests and screenshots, driven by playwright-core, against the UI as
// `npm start` serves it: the UI is built into web/dist first.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs } from './chromium-args.ts';
import { buildWebUnlessUnchanged } from './web-build-cache.ts';

export const chromiumPath = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium, launched while the UI is built (or found built): a browser file needs both, and neither waits for the other. */
export async function launchBrowser(): Promise<Browser> {
  const [browser] = await Promise.all([
    chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs(),
    }),
    ensureWebBuilt(),
  ]);
  // The files of a worker share this module (vitest.config.ts, `isolate: false`): what a browser's pages stored goes
  // with it, so the next file's runtime (perhaps on the same port) starts from nothing.
  browser.on('disconnected', forgetPages);
  return browser;
}

export interface OpenPageOptions {
  /** The browser's language, as `navigator.language` reports it. */
  locale?: string;
  viewport?: { width: number; height: number };
  /** A signed-in person's cookies and localStorage (see openSignedIn). */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
  /**
   * localStorage entries the page's first document of this origin finds already there (see openSignedIn). Cheaper
   * than `storageState`, which makes Playwright open and load an extra page per origin to write them.
   */
  localStorage?: { origin: string; entries: Record<string, string> };
  /**
   * The page's timers and Date on Playwright's clock (`page.clock`), installed before the page loads: time flows as
   * usual, and a test moves it past a poll (`page.clock.fastForward`) instead of waiting for one.
   */
  clock?: boolean;
}

const cspViolations: string[] = [];
const openContexts = new Set<BrowserContext>();

/** The Content-Security-Policy violations any page opened by openPage reported so far (the tests expect none). */
export const cspViolationsSeen = (): readonly string[] => cspViolations;

/** A fresh context (own storage, own language) and a page in it. */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    timezoneId: 'UTC',
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  // Every Content-Security-Policy violation is reported (the page itself cannot hide it: the listener is added before its scripts run).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  if (options.localStorage) await context.addInitScript(seedLocalStorage, options.localStorage);
  if (options.clock) await context.clock.install();
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|CSP violation/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

/**
 * Closes every context openPage opened and the test did not close (browser files call it after each test). A console
 * left open keeps polling the runtime (notices, queue, figures) and keeps Chromium busy through all the file's later tests.
 */
export async function closeOpenPages(): Promise<void> {
  await Promise.all([...[...openContexts].filter((context) => !keptContexts.has(context)).map((context) => context.close()), ...[...keptTabs.values()].map(blankTab)]);
}

/**
 * Runs in the page before its scripts: writes the entries once per tab (a flag in sessionStorage), so a reload after
 * the page itself changed them (a sign-out, a language) keeps what the page did, as a browser would.
 */
function seedLocalStorage({ origin, entries }: { origin: string; entries: Record<string, string> }): void {
  if (location.origin !== origin) return;
  const seeded = 'baton.test.seeded';
  if (sessionStorage.getItem(seeded)) return;
  sessionStorage.setItem(seeded, '1');
  for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
}

let built: Promise<void> | undefined;

/** What the pages of a closed browser left here: its stored sessions, kept tabs, open contexts and CSP reports. */
function forgetPages(): void {
  sessions.clear();
  keptTabs.clear();
  keptContexts.clear();
  freeTabs.clear();
  openContexts.clear();
  cspViolations.length = 0;
}

/** Builds web/dist once per worker of the test run, and only if its sources changed since the last build (the build writes each file atomically). */
export function ensureWebBuilt(): Promise<void> {
  built ??= buildWebUnlessUnchanged();
  return built;
}

type StoredSession = NonNullable<OpenPageOptions['localStorage']>;
/** A person's stored session, or the sign-in that will store it (tests of a file may open consoles side by side). */
const sessions = new Map<string, Promise<StoredSession | undefined>>();

/**
 * A page of a console (`/staff…`, `/manager…`) signed in as this person. The first page of a person in a test file signs
 * in through the form; later pages start from the session that sign-in stored (the console keeps it in localStorage,
 * as after a reload), in a fresh context all the same (own language, no other state): the sign-in form and its
 * password hash are tested once per person rather than once per test (the sign-in itself: e2e/sign-in.test.ts).
 * A page asked for while that first sign-in is under way waits for it.
 */
export async function openSignedIn(browser: Browser, baseUrl: string, username: string, route: string, options: OpenPageOptions = {}): Promise<Page> {
  const key = `${baseUrl} ${username}`;
  const pending = sessions.get(key);
  let remember: ((session: StoredSession | undefined) => void) | undefined;
  if (!pending) sessions.set(key, new Promise((resolve) => (remember = resolve)));
  // A first sign-in that failed stored nothing: this page signs in through the form itself.
  const stored = await pending;
  try {
    const { page } = await openPage(browser, { ...options, ...(stored ? { localStorage: stored } : {}) });
    await page.goto(`${baseUrl}${route}`);
    if (!stored) {
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('baton');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByText(`Signed in as ${username}`).waitFor();
    // Taken at once, before the test does anything on the page (a language it switches to stays with that page).
    if (remember) remember({ origin: new URL(baseUrl).origin, entries: await page.evaluate(() => ({ ...localStorage })) });
    return page;
  } catch (error) {
    if (remember) {
      sessions.delete(key);
      remember(undefined);
    }
    throw error;
  }
}

/** The tabs reopenSignedIn keeps for a file, by person; closeOpenPages leaves each on a blank page instead of closing it. */
const keptTabs = new Map<string, Page>();
const keptContexts = new Set<BrowserContext>();

/** Forgets everything the last test's page stored (its language, the seeding flag) and leaves the console: nothing keeps polling. */
async function blankTab(tab: Page): Promise<void> {
  if (tab.isClosed()) return;
  if (tab.url().startsWith('http')) {
    await tab.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  }
  await tab.goto('about:blank');
}

/**
 * Like openSignedIn, but one tab per person for the whole file: each call opens the route in it as a new document that
 * starts from the stored session alone, as a fresh context would (closeOpenPages, after each test, cleared the tab's
 * localStorage and sessionStorage, so the language or anything else the last test chose is gone). It saves each test
 * a context and a tab (a renderer process), and the UI's scripts come from the tab's cache: on a loaded 2-core machine
 * that was most of the time a browser test spent opening its page.
 */
export async function reopenSignedIn(browser: Browser, baseUrl: string, username: string, route: string): Promise<Page> {
  const key = `${baseUrl} ${username}`;
  const kept = keptTabs.get(key);
  if (!kept || kept.isClosed()) {
    const page = await keptSignedInTab(browser, baseUrl, username, route);
    keptTabs.set(key, page);
    return page;
  }
  await openInKeptTab(kept, baseUrl, username, route);
  return kept;
}

/** A new tab signed in as this person, kept for the file: its later documents start from the stored session alone. */
async function keptSignedInTab(browser: Browser, baseUrl: string, username: string, route: string): Promise<Page> {
  const page = await openSignedIn(browser, baseUrl, username, route);
  const context = page.context();
  // A tab that signed in through the form has no seeding yet: its later documents start from the stored session too.
  const stored = await sessions.get(`${baseUrl} ${username}`);
  if (!stored) throw new Error(`No stored session of ${username} after signing in.`);
  await context.addInitScript(seedLocalStorage, stored);
  // This document holds the session already: marked as seeded, a reload in the test keeps what the page changes.
  await page.evaluate(seedLocalStorage, stored);
  keptContexts.add(context);
  context.on('close', () => keptContexts.delete(context));
  return page;
}

async function openInKeptTab(tab: Page, baseUrl: string, username: string, route: string): Promise<void> {
  await tab.goto(`${baseUrl}${route}`);
  await tab.getByText(`Signed in as ${username}`).waitFor();
}

/** Kept tabs no test holds now, by person (borrowSignedIn), and whose each borrowed tab is. */
const freeTabs = new Map<string, Page[]>();
const ownerOfTab = new WeakMap<Page, string>();

/**
 * reopenSignedIn for tests that run side by side: a kept tab of this person that no other test holds, or a new one.
 * A new context and tab cost Chromium a renderer process and Playwright's set-up in it, most of a browser file's CPU
 * (tests/README.md, "Browser files"). Hand it back with giveBackTab when the test ends.
 */
export async function borrowSignedIn(browser: Browser, baseUrl: string, username: string, route: string): Promise<Page> {
  const key = `${baseUrl} ${username}`;
  const free = freeTabs.get(key)?.pop();
  if (!free) {
    const page = await keptSignedInTab(browser, baseUrl, username, route);
    ownerOfTab.set(page, key);
    return page;
  }
  try {
    await openInKeptTab(free, baseUrl, username, route);
  } catch (error) {
    // Neither the test nor the pool holds it now: closed, so it polls nothing.
    await free.context().close();
    throw error;
  }
  return free;
}

/** A borrowed tab, cleared and left on a blank page (nothing keeps polling), free for the next test; closed if it cannot be cleared. */
export async function giveBackTab(tab: Page): Promise<void> {
  const key = ownerOfTab.get(tab);
  try {
    await blankTab(tab);
  } catch {
    await tab.context().close();
    return;
  }
  if (key && !tab.isClosed()) freeTabs.set(key, [...(freeTabs.get(key) ?? []), tab]);
}
