// The `it` of browser files whose tests run side by side (`describe.concurrent`): each test gets the
// pages it opens as a fixture, and only its own are closed when it ends (a console left open keeps
// polling the runtime). Files whose tests run one after another may use `afterEach(closeOpenPages)`.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { borrowSignedIn, cspViolationsSeen, giveBackTab, launchBrowser, openPage, openSignedIn, type OpenPageOptions } from './browser.ts';
import { startTestBaton, type TestBaton } from './local-baton.ts';

/** What a browser file's hooks start: its runtime, its Chromium, and the API tokens of the people it named. */
export interface BrowserFile<U extends string> {
  baton: TestBaton;
  browser: Browser;
  tokens: Record<U, string>;
}

/**
 * The hooks of a browser file: before its tests the runtime starts and each named person signs in to the API once (a
 * password hash each) while Chromium starts, and `ready` receives them; after each test, its pages kept the site's
 * Content-Security-Policy; after all, Chromium and the runtime stop.
 */
export function useBrowserFile<U extends string>(usernames: readonly U[], ready: (file: BrowserFile<U>) => void): void {
  let baton: TestBaton | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const signedIn = async (started: TestBaton) => {
      baton = started;
      const signed = await Promise.all(usernames.map((username) => started.login(username)));
      return Object.fromEntries(usernames.map((username, index) => [username, signed[index]])) as Record<U, string>;
    };
    const [tokens, launched] = await Promise.all([startTestBaton().then(signedIn), launchBrowser()]);
    browser = launched;
    ready({ baton: baton!, browser, tokens });
  });
  afterEach(() => {
    expect(cspViolationsSeen()).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await baton?.dispose();
  });
}

export class TestPages {
  readonly #contexts = new Set<BrowserContext>();
  readonly #borrowed = new Set<Page>();

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /** A fresh context (own storage, own language) and a page in it. */
  async open(options: OpenPageOptions = {}): Promise<Page> {
    const { context, page } = await openPage(this.browser, options);
    this.#contexts.add(context);
    return page;
  }

  /** A console page signed in as this person (openSignedIn). */
  async signedIn(username: string, route: string, options: OpenPageOptions = {}): Promise<Page> {
    const page = await openSignedIn(this.browser, this.baseUrl, username, route, options);
    this.#contexts.add(page.context());
    return page;
  }

  /**
   * A console page signed in as this person in a tab the file keeps (borrowSignedIn): no other test uses it meanwhile,
   * and it is handed back, not closed, when the test ends. For pages the test changes beyond their document (routes,
   * a clock, a language of the context), use `signedIn`.
   */
  async console(username: string, route: string): Promise<Page> {
    const page = await borrowSignedIn(this.browser, this.baseUrl, username, route);
    this.#borrowed.add(page);
    return page;
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.#contexts].map((context) => context.close()), ...[...this.#borrowed].map(giveBackTab)]);
  }
}

/** `it` with a `pages` fixture on the file's browser and runtime (read when each test starts, after beforeAll). */
export function browserTest(setup: () => { browser: Browser; baseUrl: string }) {
  return it.extend<{ pages: TestPages }>({
    pages: async ({}, use) => {
      const { browser, baseUrl } = setup();
      const pages = new TestPages(browser, baseUrl);
      try {
        await use(pages);
      } finally {
        await pages.close();
      }
    },
  });
}
