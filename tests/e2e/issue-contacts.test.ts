// The baton reaches people, in a real Chromium against a real local runtime: the staff console's
// notifications badge changes without a reload, a staff e-mail's link opens the issue, a manager names the coordinator on the issue view,
// and a customer says "not solved" on the tracking page of a closed issue.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { closeBillingDispute, uniqueIssue, work } from '../support/api-fixtures.ts';
import { type OpenPageOptions } from '../support/browser.ts';
import { browserTest, useBrowserFile, type TestPages } from '../support/browser-test.ts';
import { mailTo } from '../support/inbox.ts';
import { waitForIssue, waitForTask, type TestBaton } from '../support/local-baton.ts';

let baton: TestBaton;
let browser: Browser;
/** The API's tokens: each person signs in once for the file (a password hash each), while Chromium starts. */
const tokens = { sales: '', service: '', service2: '', production: '' };

useBrowserFile(['sales', 'service', 'service2', 'production'], (file) => {
  ({ baton, browser } = file);
  Object.assign(tokens, file.tokens);
});

async function submit(category = 'product-defect') {
  const body = uniqueIssue({ category, subject: `Contact ${randomUUID().slice(0, 8)}` });
  const response = await baton.request('POST', '/api/issues', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { issueId: response.body.issueId as string, trackingCode: response.body.trackingCode as string, email: body.customer.email, subject: body.subject };
}

// Each test works on issues of its own, so the tests run side by side (`describe.concurrent`); each closes its own pages.
const it = browserTest(() => ({ browser, baseUrl: baton.url }));

/** A billing dispute closed after its two steps, and its customer's tracking page showing it. */
async function closedIssueOnItsTrackingPage(pages: TestPages) {
  const issue = await submit('billing-dispute');
  const { sales, service } = tokens;
  await closeBillingDispute(baton, { sales, service }, issue.issueId);
  const page = await pages.open();
  await page.goto(`${baton.url}/track`);
  await page.locator('#track-code').fill(issue.trackingCode);
  await page.locator('#track-email').fill(issue.email);
  await page.getByRole('button', { name: 'Show my issue' }).click();
  return { issue, service, page };
}

const signedInConsole = (pages: TestPages, username: string, path = '/staff', options: OpenPageOptions = {}): Promise<Page> => pages.signedIn(username, path, options);

/** How often the console's badge asks for news (`noticePollMs` in web/src/console/notifications-panel.ts). */
const noticePollMs = 15_000;

describe.concurrent('staff are told', () => {
  it('the badge counts a new task in the queue without a reload, and the list names it', async ({ pages, expect }) => {
    // Prepare: production signs in and opens its notices (nothing new is left to count).
    const page = await signedInConsole(pages, 'production', '/staff', { clock: true });
    const toggle = page.locator('button.notices-toggle');
    await toggle.click();
    await page.locator('.notices-badge').waitFor({ state: 'detached' });
    await toggle.click();

    // Act: an issue is triaged: production gets a root-cause task, and a notice about it.
    const issue = await submit();
    const { service, production } = tokens;
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage'), 'confirmed_defect', { findings: 'Worn seal' });
    await expect.poll(async () => (await baton.api.get('/api/me/notifications', { token: production })).body.unseen).toBeGreaterThan(0);
    // The page's next poll comes without waiting for it: its clock moves on by one poll.
    await page.clock.fastForward(noticePollMs);

    // Assess: the badge appears by itself (the console polls), and the list says what came.
    await page.locator('.notices-badge').waitFor();
    await toggle.click();
    await page.locator('.notice-new_task', { hasText: 'in the Production queue' }).first().waitFor();
  });

  it('a customer’s answer to a question is one notice that they wrote and one that the task is back with the asker, not the same line twice', async ({ pages, expect }) => {
    // Prepare: service asks the customer on triage; the customer answers.
    const issue = await submit();
    const { service } = tokens;
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage'), 'ask_customer', { question: 'Which colour is the seal?' });
    // The question is the customer's to answer once the flow waits for it (as their tracking page then shows it): a
    // message sent in the moment between the completion and the wait is a message, not an answer.
    await waitForIssue(baton, service, issue.issueId, (view) => view.issue.status === 'waiting_customer');
    const reply = await baton.request('POST', '/api/track/messages', { body: { trackingCode: issue.trackingCode, email: issue.email, message: 'Grey.' } });
    expect(reply.body).toMatchObject({ received: true, answeredQuestion: true });
    await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage' && task.status === 'claimed');

    // Act
    const page = await signedInConsole(pages, 'service');
    await page.locator('button.notices-toggle').click();

    // Assess
    const aboutThis = page.locator('.notice-customer_reply', { hasText: issue.subject });
    await expect.poll(() => aboutThis.count(), { timeout: 45_000 }).toBe(2);
    const texts = (await aboutThis.locator('button').allTextContents()).map((text) => text.trim());
    expect(texts.sort()).toEqual([`The customer answered, the task is back with you: ${issue.subject}`, `The customer wrote: ${issue.subject}`]);
  }, 120_000);

  it('the e-mail settings’ choices sit in the panel, each box level with its words', async ({ pages, expect }) => {
    // Prepare
    const page = await signedInConsole(pages, 'sales');
    await page.locator('button.notices-toggle').click();
    // Act
    await page.getByRole('button', { name: 'E-mail settings' }).click();
    // Assess: no box of its own around the choices, and each checkbox is centred on its line.
    const fieldset = page.locator('form.notice-settings fieldset');
    expect(await fieldset.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    for (const choice of await fieldset.locator('label.check').all()) {
      const [box, line] = await Promise.all([choice.locator('input').boundingBox(), choice.boundingBox()]);
      expect(Math.abs(box!.y + box!.height / 2 - (line!.y + line!.height / 2))).toBeLessThanOrEqual(2);
    }
  });

  it('a customer’s answer reaches the person who asked by e-mail, and the mail’s link opens the issue in their console', async ({ pages, expect }) => {
    // Prepare: service2 wants customers' replies by e-mail and names no address (their identity keeps one).
    const { service2 } = tokens;
    const saved = await baton.request('POST', '/api/me/notification-settings', { token: service2, body: { language: 'en', emailFor: ['customer_reply'] } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const issue = await submit();
    await work(baton, service2, await waitForTask(baton, service2, issue.issueId, (task) => task.step === 'triage'), 'ask_customer', { question: 'Which model is it?' });
    await waitForIssue(baton, service2, issue.issueId, (view) => view.issue.status === 'waiting_customer');

    // Act: the customer answers; the mail comes to service2.
    const answered = await baton.request('POST', '/api/track/messages', { body: { trackingCode: issue.trackingCode, email: issue.email, message: 'Model P-200' } });
    expect(answered.status).toBe(201);
    const [mail] = await mailTo(baton.mail.inboxUrl, 'service2@staff.baton.test', (mine) => mine.some((message) => message.text.includes(`#issue=${issue.issueId}`)));
    const link = /https?:\/\/\S+\/staff#issue=\S+/.exec(mail!.text)?.[0];

    // Assess: in English, and the link lands on the issue, with the answer in its history, once signed in.
    expect(mail!.subject).toBe(`The customer wrote: ${issue.subject}`);
    expect(link).toBe(`${baton.url}/staff#issue=${issue.issueId}`);
    const page = await pages.open();
    await page.goto(link!);
    await page.getByLabel('Username').fill('service2');
    await page.getByLabel('Password').fill('baton');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('ol.history > li', { hasText: 'Model P-200' }).waitFor();
    expect(page.url()).toBe(link);
  });
});

describe.concurrent('one contact per issue', () => {
  it('a manager names another coordinator with a reason on the issue view', async ({ pages }) => {
    // Prepare: service completes the first step and becomes the coordinator.
    const issue = await submit();
    const { service } = tokens;
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage'), 'not_a_defect', { explanation: 'Used outside its rating' });
    const page = await signedInConsole(pages, 'manager', `/manager#issue=${issue.issueId}`);
    const box = page.locator('section.coordinator-box');
    await box.locator('[data-coordinator="service"]').waitFor();

    // Act
    await box.getByRole('button', { name: 'Change the coordinator' }).click();
    await box.getByLabel('Staff user name').fill('service2');
    await box.getByLabel('Reason (kept in the history)').fill('Knows this customer');
    await box.getByRole('button', { name: 'Change the coordinator' }).click();

    // Assess
    await box.locator('[data-coordinator="service2"]').waitFor();
    await page.locator('ol.history > li', { hasText: 'made service2 the coordinator' }).waitFor();
  });
});

describe.concurrent('the customer says "not solved"', () => {
  it('on a closed issue’s tracking page, with what is still wrong: the issue is open again', async ({ pages, expect }) => {
    // Prepare: a billing dispute closes after two steps; its customer opens the tracking page.
    const { issue, service, page } = await closedIssueOnItsTrackingPage(pages);
    await page.getByRole('heading', { name: 'Not solved?' }).waitFor();
    expect(await page.locator('.coordinator-line').textContent()).toContain('sales');

    // Act
    await page.getByLabel('What is still wrong?').fill('The charge is still on my card.');
    await page.getByRole('button', { name: 'Reopen my issue' }).click();

    // Assess: the page shows the issue in progress again, with the customer's words on the timeline.
    await page.locator('ol.timeline', { hasText: 'You said the issue is not solved' }).waitFor();
    await page.locator('ol.timeline').getByText('The charge is still on my card.').waitFor();
    await waitForTask(baton, service, issue.issueId, (task) => task.step === 'reopened' && task.department === 'service');
  });
});

describe.concurrent('the customer rates the handling', () => {
  it('the rating’s five choices stand apart, each circle level with its number', async ({ pages, expect }) => {
    // Prepare / Act: a billing dispute closes after two steps; its customer opens the tracking page.
    const { page } = await closedIssueOnItsTrackingPage(pages);
    // Assess
    const rating = page.getByRole('group', { name: 'Your rating' });
    await rating.waitFor();
    const choices = await rating.locator('label').all();
    expect(choices).toHaveLength(5);
    const boxes = await Promise.all(choices.map(async (choice) => ({ line: (await choice.boundingBox())!, circle: (await choice.locator('input').boundingBox())! })));
    for (const { line, circle } of boxes) expect(Math.abs(circle.y + circle.height / 2 - (line.y + line.height / 2))).toBeLessThanOrEqual(2);
    for (let index = 1; index < boxes.length; index++) expect(boxes[index]!.line.x - (boxes[index - 1]!.line.x + boxes[index - 1]!.line.width)).toBeGreaterThanOrEqual(12);
  }, 120_000);
});
