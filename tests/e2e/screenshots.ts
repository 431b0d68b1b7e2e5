// `npm run screenshots`: pictures of each face at 1280×800 (and the form at phone width) into
// docs/screenshots/, taken in a real Chromium against a real local runtime with the demo issues,
// and of the local mail inbox. The README shows them; rerun after a change to what a face shows.
// Not a test: it shows what people see. The manager's picture uses a second runtime with a short
// time factor, so that SLAs breach and escalations reach the management queue.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '#infra/local/lambda/load-handler.ts';
import { ensureWebBuilt, launchBrowser, openPage } from '../support/browser.ts';
import { sampleIssue, startTestBaton, waitForIssue, waitForTask, type TestBaton } from '../support/local-baton.ts';

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
    await page.getByTestId('tracking-code').waitFor();
    await shoot(page, 'intake-tracking-code');

    const { page: mobile } = await openPage(browser, { viewport: phone });
    await mobile.goto(`${baton.url}/`);
    await shoot(mobile, 'intake-phone');

    // "Track this issue", as Mei would: the tab keeps her code, so the page opens her issue at once.
    await page.getByRole('link', { name: 'Track this issue' }).click();
    await page.locator('#track-result-title').waitFor();
    await page.locator('ol.timeline').waitFor();
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

    await staffNotesAndSearch(staff, baton);
    await staffNotices(staff);

    // The local mail inbox that `npm start` prints: the confirmations of the demo issues and of Mei's.
    const { page: inbox } = await openPage(browser, { viewport: desktop });
    await inbox.goto(baton.mail.inboxUrl);
    await inbox.locator('article').first().waitFor();
    await shoot(inbox, 'inbox');
  } finally {
    await baton.dispose();
  }
}

/** The claimed issue's note form (after a note and its correction), then a search by e-mail. */
async function staffNotesAndSearch(staff: Page, baton: TestBaton) {
  const form = staff.locator('form.note-form');
  await form.getByLabel('Your note').fill('Called the customer: the pump was installed on 3 May.');
  await form.getByRole('button', { name: 'Add note' }).click();
  const note = staff.locator('ol.history > li', { hasText: 'installed on 3 May' });
  await note.waitFor();
  await note.getByRole('button', { name: /^Correct this/ }).click();
  await form.getByLabel('Your note').fill('Installed on 5 May, not 3 May (see the delivery note).');
  await form.getByRole('button', { name: 'Add correction' }).click();
  await staff.locator('ol.history > li', { hasText: 'Installed on 5 May' }).getByText(/^Corrects #/).waitFor();
  await form.getByLabel('Your note').fill('We are sending a replacement pump; it should arrive by Friday.');
  await form.getByLabel('Customer-visible: the customer will see this').check();
  await form.evaluate((element) => element.scrollIntoView({ block: 'end' }));
  await shoot(staff, 'staff-notes');

  // A second issue of one demo customer, so a search by e-mail finds two.
  await baton.request('POST', '/api/issues', {
    body: {
      customer: { name: 'James Miller', email: 'james.miller@example.com', company: 'Northwind Foods' },
      category: 'delivery-delay',
      subject: 'Spare parts for CP-7 not delivered',
      description: 'The spare parts ordered with PO-2026-0431 have not arrived.',
      orderRef: 'PO-2026-0431',
    },
  });
  await staff.evaluate(() => window.scrollTo(0, 0));
  await staff.getByLabel('Find an issue').fill('james.miller@example.com');
  await staff.getByRole('button', { name: 'Search', exact: true }).click();
  await staff.locator('.search-results li').nth(1).waitFor();
  await staff.waitForFunction(() => Array.from(document.querySelectorAll('.search-results li')).every((row) => row.querySelector('.result-customer')));
  await shoot(staff, 'staff-search');
}

/** The console's notices opened: the new tasks of the queue, and the e-mail settings beside them. */
async function staffNotices(staff: Page) {
  await staff.evaluate(() => window.scrollTo(0, 0));
  await staff.locator('button.notices-toggle').click();
  await staff.locator('.notice-item').first().waitFor();
  await staff.getByRole('button', { name: 'E-mail settings' }).click();
  await staff.locator('form.notice-settings').waitFor();
  await shoot(staff, 'staff-notices');
}

/** Two product-defect issues played to closure through the API, one of them bounced between service
 * and sales, so the KPIs and the bounce report have something to say. Returns the bounced one. */
async function closedDefects(baton: TestBaton): Promise<string> {
  const tokens = Object.fromEntries(await Promise.all(['sales', 'production', 'service', 'manager'].map(async (user) => [user, await baton.login(user)])));
  const done = new Set<string>();
  const work = async (as: string, issueId: string, step: string, outcome: string, fields: Record<string, unknown>) => {
    const task = await waitForTask(baton, tokens.manager, issueId, (candidate) => candidate.step === step && candidate.status === 'open' && !done.has(candidate.taskId));
    done.add(task.taskId);
    await baton.request('POST', `/api/tasks/${task.taskId}/claim`, { token: tokens[as] });
    const packet = { summary: `${step}: ${outcome}`, done: 'Checked the order and the photos', promised: 'An answer this week' };
    const completed = await baton.request('POST', `/api/tasks/${task.taskId}/complete`, { token: tokens[as], body: { outcome, fields, packet } });
    if (completed.status !== 200) throw new Error(`${step} ${outcome}: ${JSON.stringify(completed.body)}`);
  };
  const submit = async (subject: string, email: string) =>
    (await baton.request('POST', '/api/issues', { body: sampleIssue({ subject, orderRef: undefined, customer: { name: 'Wang Fang', email } }) })).body.issueId as string;
  const bounced = await submit('Pump housing cracked on arrival', 'wang.fang@example.com');
  const plain = await submit('Scratched valve cover', 'chen.jie@example.com');
  await work('service', bounced, 'triage', 'reroute', { reason: 'Looks like a wrong delivery', toDepartment: 'sales' });
  await work('sales', bounced, 'triage', 'reroute', { reason: 'The right model was delivered: a defect', toDepartment: 'service' });
  await work('manager', bounced, 'triage-owner', 'assign_owner', { owner: 'service', instructions: 'Service triages every defect' });
  for (const issueId of [bounced, plain]) {
    await work('service', issueId, 'triage', 'confirmed_defect', { findings: 'Cracked housing' });
    await work('production', issueId, 'root-cause', 'root_cause_found', { rootCause: 'Packaging' });
    await work('sales', issueId, 'remedy', 'refund', { offer: 'Partial refund', amount: 50 });
    await work('service', issueId, 'confirm', 'resolved', { confirmation: 'Customer is happy' });
    await waitForIssue(baton, tokens.manager, issueId, (view) => view.issue.status === 'closed');
  }
  return bounced;
}

async function managerFace(browser: Browser) {
  // 0.002: a four-hour triage SLA lasts about half a minute, so the demo issues escalate.
  const baton = await startTestBaton({ seed: true, timeFactor: 0.002 });
  try {
    const token = await baton.login('manager');
    const bounced = await closedDefects(baton);
    await until('escalations in the management queue', async () => ((await queue(baton, token, 'management')).length > 0 ? true : undefined));
    const { page } = await openPage(browser, { viewport: desktop });
    await signIn(page, baton, 'manager', 'manager');
    await page.locator('li.task-row .task-open').first().click();
    await page.locator('ol.history').waitFor();
    await shoot(page, 'manager');
    // The bounced issue opened (as from a link): its path drawn on the map, over the KPIs and bounce report.
    await page.evaluate((issueId) => {
      location.hash = `#issue=${issueId}`;
    }, bounced);
    await page.locator('svg.process-map .step.on-path').first().waitFor();
    await page.locator('.bounce-table').waitFor();
    // The issue view focuses its heading once the issue has loaded (scrolling up): scroll after that.
    await page.waitForFunction(() => document.activeElement?.id === 'issue-title');
    await page.evaluate(() => document.querySelector('.map-panel')?.scrollIntoView());
    await shoot(page, 'manager-map');
    await page.evaluate(() => document.querySelector('.flow-figures')?.scrollIntoView());
    await shoot(page, 'manager-kpis');
    await page.locator('.figures-body').waitFor();
    await page.evaluate(() => document.querySelector('.figures-panel')?.scrollIntoView());
    await shoot(page, 'manager-figures');
    await page.evaluate(() => document.querySelector('.overview')?.scrollIntoView());
    await shoot(page, 'manager-overview');
    await page.evaluate(() => document.querySelector('.issue-list')?.scrollIntoView());
    await page.locator('.issue-list-scroll[aria-busy="false"]').waitFor();
    await shoot(page, 'manager-issues');
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
