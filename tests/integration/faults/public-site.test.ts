// What the site hands to anyone who asks: the built UI and nothing behind it (no source maps).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../support/local-baton.ts';
import { ensureWebBuilt } from '../../support/browser.ts';
import { distDir } from '../../../web/build.ts';

let baton: TestBaton;

beforeAll(async () => {
  await ensureWebBuilt();
  baton = await startTestBaton();
});
afterAll(async () => {
  await baton.dispose();
});

describe('source maps are not public', () => {
  it('the build writes none into web/dist, and no bundle points at one', () => {
    const files = [...readdirSync(distDir), ...readdirSync(path.join(distDir, 'chunks')).map((name) => `chunks/${name}`)];
    expect(files.filter((name) => name.endsWith('.map'))).toEqual([]);
    for (const name of files.filter((file) => /\.(js|css)$/.test(file))) {
      expect(readFileSync(path.join(distDir, name), 'utf8')).not.toContain('sourceMappingURL');
    }
  });

  it('the site answers 404 for a page script’s map', async () => {
    for (const name of ['index', 'track', 'staff', 'manager']) {
      expect((await baton.request('GET', `/${name}.js`)).status).toBe(200);
      expect((await baton.request('GET', `/${name}.js.map`)).status).toBe(404);
    }
  });
});
