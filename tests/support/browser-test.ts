// The `it` of browser files whose tests run side by side (`describe.concurrent`): each test gets the
// pages it opens as a fixture, and only its own are closed when it ends (a console left open keeps
// polling the runtime). Files whose tests run one after another may use `afterEach(closeOpenPages)`.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { it } from 'vitest';
import { openPage, openSignedIn, type OpenPageOptions } from './browser.ts';

export class TestPages {
  readonly #contexts = new Set<BrowserContext>();

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

  async close(): Promise<void> {
    await Promise.all([...this.#contexts].map((context) => context.close()));
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
