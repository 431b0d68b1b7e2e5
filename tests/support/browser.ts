// A real Chromium for browser tests and screenshots, driven by playwright-core, against the UI as
// `npm start` serves it: the UI is built into web/dist first.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebUnlessUnchanged } from './web-build-cache.ts';

export const chromiumPath = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface OpenPageOptions {
  /** The browser's language, as `navigator.language` reports it. */
  locale?: string;
  viewport?: { width: number; height: number };
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
  });
  // Every Content-Security-Policy violation is reported (the page itself cannot hide it: the listener is added before its scripts run).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
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
  await Promise.all([...openContexts].map((context) => context.close()));
}

let built: Promise<void> | undefined;

/** Builds web/dist once per test file, and only if its sources changed since the last build (the build writes each file atomically). */
export function ensureWebBuilt(): Promise<void> {
  built ??= buildWebUnlessUnchanged();
  return built;
}
