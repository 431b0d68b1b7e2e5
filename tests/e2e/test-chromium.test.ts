// The Chromium the browser tests drive (support/chromium-args.ts): pages and nothing else run in its windows, and the
// features Playwright turns off for automation stay off beside the ones the tests turn off.
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { playwrightDisabledFeatures, unusedFeatures } from '../support/chromium-args.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The command line of the Chromium this process launched: its child run with Playwright's pipe. */
function launchedChromiumArgs(): string[] {
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (parent === process.pid && args.includes('--remote-debugging-pipe')) return args;
    } catch {
      // A process that ended meanwhile.
    }
  }
  throw new Error('No Chromium launched by this process was found.');
}

describe("the tests' Chromium", () => {
  it('runs no address-bar WebUI in a context’s window, only its page', async () => {
    // Act: a context and a page, as every browser test opens them
    const context = await browser.newContext();
    await (await context.newPage()).goto('about:blank');
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string }> };
    await context.close();
    // Assess
    expect(targetInfos.map((target) => `${target.type} ${target.url}`)).toEqual(['page about:blank']);
  });

  it('keeps Playwright’s disabled features in the one --disable-features it is given', async () => {
    // Read from the process (CDP gives it only under --enable-automation, which Playwright leaves out).
    const args = launchedChromiumArgs();
    // Chromium keeps the last: the one that counts must name Playwright's and the tests' features.
    const last = args.filter((arg) => arg.startsWith('--disable-features=')).at(-1)!;
    const disabled = last.slice('--disable-features='.length).split(',');
    expect(disabled).toEqual(expect.arrayContaining([...playwrightDisabledFeatures(), ...unusedFeatures]));
    expect(disabled).toContain('HttpsUpgrades');
  });
});
