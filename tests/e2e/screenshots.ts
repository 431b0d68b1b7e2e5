// `npm run screenshots`: pictures of each face at 1280×800 (and the form at phone width) into
// docs/screenshots/, taken in a real Chromium against a real local runtime with the demo issues.
// Not a test: it shows what people see. The manager's picture uses a second runtime with a short
// time factor, so that SLAs breach and escalations reach the management queue.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { ensureWebBuilt, launchBrowser, openPage } from '../support/browser.ts';
import { startTestBaton, type TestBaton } from '../support/local-baton.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const outDir = path.join(projectRoot, 'docs', 'screenshots');
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

async function queue(baton: TestBaton, token: string, department: string): Promise<any[]> {
  return (await baton.request('GET', `/api/queues/${department}?view=all`, { token })).body.tasks ?? [];
}

async function signIn(page: Page, baton: TestBaton, face: 'staff' | 'manager', username: string) {
  await page.goto(`${baton.url}/${face}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('baton');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
}

async function shoot(page: Page, name: string) {
  // Queue rows show an issue id until its subject has arrived: wait for the subjects.
  await page.waitForFunction(() => !document.querySelector('.task-open code'));
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(projectRoot, file)}`);
}

async function customerAndStaffFaces(browser: Browser) {
  const baton = await startTestBaton({ seed: true });
  try {
    const token = await baton.login('service');
    await until('the demo issues’ triage tasks', async () => ((await queue(baton, token, 'service')).length > 0 ? true : undefined));

    const { page } = await openPage(browser, { viewport: desktop });
    await page.goto(`${baton.url}/`);
    await shoot(page, 'intake');

    await page.getByLabel('Name').fill('Mei Chen');
    await page.getByLabel('Email').fill('mei.chen@example');
    await page.getByLabel('What kind of issue is it?').selectOption('product-defect');
    await page.getByLabel('Subject').fill('The valve leaks');
    await page.getByLabel('What happened?').fill('Water drips from the valve since Monday.');
    await page.getByRole('button', { name: 'Submit issue' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'intake-field-error');

    await page.getByLabel('Email').fill('mei.chen@example.com');
    await page.getByRole('button', { name: 'Submit issue' }).click();
    const trackingCode = (await page.getByTestId('tracking-code').textContent()) ?? '';
    await shoot(page, 'intake-tracking-code');

    const { page: mobile } = await openPage(browser, { viewport: phone });
    await mobile.goto(`${baton.url}/`);
    await shoot(mobile, 'intake-phone');

    await page.goto(`${baton.url}/track`);
    await page.getByLabel('Tracking code').fill(trackingCode);
    await page.getByLabel('Email').fill('mei.chen@example.com');
    await page.getByRole('button', { name: 'Show my issue' }).click();
    await page.locator('#track-result-title, .notice-error').first().waitFor();
    await shoot(page, 'track');

    const { page: staff } = await openPage(browser, { viewport: desktop });
    await signIn(staff, baton, 'staff', 'service');
    await staff.locator('li.task-row').first().waitFor();
    await shoot(staff, 'staff-queue');
    await staff.locator('li.task-row').first().getByRole('button', { name: 'Claim' }).click();
    await staff.locator('form.complete-form').waitFor();
    await shoot(staff, 'staff');

    const { page: chinese } = await openPage(browser, { viewport: desktop, locale: 'zh-CN' });
    await chinese.goto(`${baton.url}/staff`);
    await chinese.getByLabel('用户名').fill('service');
    await chinese.getByLabel('密码').fill('baton');
    await chinese.getByRole('button', { name: '登录' }).click();
    await chinese.getByRole('button', { name: '我的' }).click();
    await chinese.locator('li.task-row', { hasText: '由您认领' }).first().waitFor();
    await chinese.locator('li.task-row .task-open').first().click();
    await chinese.locator('form.complete-form').waitFor();
    await shoot(chinese, 'staff-zh');
  } finally {
    await baton.dispose();
  }
}

async function managerFace(browser: Browser) {
  // 0.002: a four-hour triage SLA lasts about half a minute, so the demo issues escalate.
  const baton = await startTestBaton({ seed: true, timeFactor: 0.002 });
  try {
    const token = await baton.login('manager');
    await until('escalations in the management queue', async () => ((await queue(baton, token, 'management')).length > 0 ? true : undefined));
    const { page } = await openPage(browser, { viewport: desktop });
    await signIn(page, baton, 'manager', 'manager');
    await page.locator('li.task-row .task-open').first().click();
    await page.locator('ol.history').waitFor();
    await shoot(page, 'manager');
    await page.locator('svg.process-map').waitFor();
    await page.evaluate(() => document.querySelector('.map-panel')?.scrollIntoView());
    await shoot(page, 'manager-map');
    await page.evaluate(() => document.querySelector('.overview')?.scrollIntoView());
    await shoot(page, 'manager-overview');
  } finally {
    await baton.dispose();
  }
}

mkdirSync(outDir, { recursive: true });
await ensureWebBuilt();
const browser = await launchBrowser();
try {
  console.log('Screenshots:');
  await customerAndStaffFaces(browser);
  await managerFace(browser);
} finally {
  await browser.close();
}
