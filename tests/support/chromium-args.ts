// The command line of the Chromium the browser tests drive. Debian's /usr/bin/chromium runs the full browser in
// headless mode, and since Chromium ~135 each of its windows (a Playwright context is one) starts two WebUI renderers
// for the address bar's drop-down (chrome://omnibox-popup.top-chrome/ and its AI-mode page) that no test ever opens.
// Measured on 12 contexts, each loading a page twice (load ~1): Chromium's CPU 22.8 s with them, 10.5 s without (the
// browser process 10.9 → 5.5 s, the WebUI renderers 6.8 s → none, the pages' renderers 4.1 → 3.9 s).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The flags every Chromium of the tests and screenshots starts with: headless, no sandbox (root in CI), no GPU, no network of its own. */
export const requiredFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** What the tests never use and Chromium would otherwise start in every window. */
export const unusedFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/**
 * The features Playwright itself disables (for stable automation: HTTP kept on HTTP, no paint holding, …). Chromium
 * keeps only the last `--disable-features` of its command line, and Playwright puts its own first: ours must carry
 * Playwright's list too, or it would switch those back on. Playwright does not export the list; it is read from the
 * pinned playwright-core's bundle, and a version that moved it fails here, loudly, rather than silently dropping it.
 */
export function playwrightDisabledFeatures(): string[] {
  const packageJson = createRequire(import.meta.url).resolve('playwright-core/package.json');
  const bundle = readFileSync(path.join(path.dirname(packageJson), 'lib', 'coreBundle.js'), 'utf8');
  const list = /\bdisabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle)?.[1];
  const names = [...(list ?? '').matchAll(/^\s*"([A-Za-z0-9]+)",?\s*$/gm)].map((match) => match[1]!);
  if (!names.includes('HttpsUpgrades')) {
    throw new Error("playwright-core's list of disabled Chromium features was not found where tests/support/chromium-args.ts reads it: update that reader for this playwright-core version.");
  }
  return names;
}

/** The arguments of chromium.launch: the required flags and one `--disable-features` with Playwright's and ours. */
export const chromiumArgs = (): string[] => [...requiredFlags, `--disable-features=${[...playwrightDisabledFeatures(), ...unusedFeatures].join(',')}`];
