// The baton reaches people, in a real Chromium against a real local runtime: the staff console's
// notifications badge changes without a reload, a manager names the coordinator on the issue view,
// and a customer says "not solved" on the tracking page of a closed issue.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueIssue, work } from '../support/api-fixtures.ts';
import { closeOpenPages, cspViolationsSeen, ensureWebBuilt, launchBrowser, openPage } from '../support/browser.ts';
import { startTestBaton, waitForIssue, waitForTask, type TestBaton } from '../support/local-baton.ts';

let baton: TestBaton;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  [baton, browser] = await Promise.all([startTestBaton(), launchBrowser()]);
});
afterEach(() => {
  expect(cspViolationsSeen()).toEqual([]);
});
// A page left open would keep polling the runtime through the file's later tests.
afterEach(closeOpenPages);
afterAll(async () => {
  await browser?.close();
  await baton?.dispose();
});

async function submit(category = 'product-defect') {
  const body = uniqueIssue({ category, subject: `Contact ${randomUUID().slice(0, 8)}` });
  const response = await baton.request('POST', '/api/issues', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { issueId: response.body.issueId as string, trackingCode: response.body.trackingCode as string, email: body.customer.email, subject: body.subject };
}

async function signedInConsole(username: string, path = '/staff'): Promise<Page> {
  const { page } = await openPage(browser);
  await page.goto(`${baton.url}${path}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('baton');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
  return page;
}

describe('staff are told', () => {
  it('the badge counts a new task in the queue without a reload, and the list names it', async () => {
    // Prepare: production signs in and opens its notices (nothing new is left to count).
    const page = await signedInConsole('production');
    const toggle = page.locator('button.notices-toggle');
    await toggle.click();
    await page.locator('.notices-badge').waitFor({ state: 'detached' });
    await toggle.click();

    // Act: an issue is triaged: production gets a root-cause task.
    const issue = await submit();
    const service = await baton.login('service');
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage'), 'confirmed_defect', { findings: 'Worn seal' });

    // Assess: the badge appears by itself (the console polls), and the list says what came.
    await page.locator('.notices-badge').waitFor({ timeout: 45_000 });
    await toggle.click();
    await page.locator('.notice-new_task', { hasText: 'in the Production queue' }).first().waitFor();
  });
});

describe('one contact per issue', () => {
  it('a manager names another coordinator with a reason on the issue view', async () => {
    // Prepare: service completes the first step and becomes the coordinator.
    const issue = await submit();
    const service = await baton.login('service');
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'triage'), 'not_a_defect', { explanation: 'Used outside its rating' });
    const page = await signedInConsole('manager', `/manager#issue=${issue.issueId}`);
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

describe('the customer says "not solved"', () => {
  it('on a closed issue’s tracking page, with what is still wrong: the issue is open again', async () => {
    // Prepare: a billing dispute closes after two steps.
    const issue = await submit('billing-dispute');
    const [sales, service] = await Promise.all([baton.login('sales'), baton.login('service')]);
    await work(baton, sales, await waitForTask(baton, sales, issue.issueId, (task) => task.step === 'review'), 'no_credit', { explanation: 'The charge is right' });
    await work(baton, service, await waitForTask(baton, service, issue.issueId, (task) => task.step === 'inform-decision'), 'customer_informed', { message: 'Explained' });
    await waitForIssue(baton, service, issue.issueId, (view) => view.issue.status === 'closed');
    const { page } = await openPage(browser);
    await page.goto(`${baton.url}/track`);
    await page.locator('#track-code').fill(issue.trackingCode);
    await page.locator('#track-email').fill(issue.email);
    await page.getByRole('button', { name: 'Show my issue' }).click();
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
