// The browser faces against a real local runtime, in a real Chromium: the customer form, the staff
// console's claim → history → complete, conflicts as sentences, the manager's live map, and the two languages.
import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type OpenPageOptions } from '../support/browser.ts';
import { browserTest, useBrowserFile, type TestPages } from '../support/browser-test.ts';
import { mailTo, trackingLink } from '../support/inbox.ts';
import { sampleIssue, waitForIssue, waitForTask, type TestBaton } from '../support/local-baton.ts';

let baton: TestBaton;
let browser: Browser;
/** The API's tokens of service and of a manager: each signs in once for the file (a password hash each). */
let serviceToken: string;
let managerToken: string;

useBrowserFile(['service', 'manager'], (file) => {
  ({ baton, browser } = file);
  ({ service: serviceToken, manager: managerToken } = file.tokens);
});

// Each test works on issues and pages of its own, so the tests run side by side (`describe.concurrent`); each closes its own pages.
const it = browserTest(() => ({ browser, baseUrl: baton.url }));

const newPage = (pages: TestPages, locale = 'en-US', options: OpenPageOptions = {}): Promise<Page> => pages.open({ locale, ...options });

async function signIn(page: Page, username: string) {
  await page.goto(`${baton.url}/staff`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('baton');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** Submits an issue through the API and waits until its flow has opened the triage task. */
async function issueWithTriageTask(subject: string) {
  const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ subject, orderRef: undefined }) });
  expect(submitted.status).toBe(201);
  const task = await waitForTask(baton, serviceToken, submitted.body.issueId, (candidate) => candidate.step === 'triage');
  return { issueId: submitted.body.issueId as string, taskId: task.taskId, token: serviceToken };
}

const taskRow = (page: Page, subject: string) => page.locator('li.task-row', { hasText: subject });

/** How often an open tracking page asks whether its issue changed (`trackPollMs` in web/src/customer/track-page.ts). */
const trackPollMs = 10_000;

// First in the file: its tests are the longest, so the others fill the time beside them.
describe.concurrent('the staff console', () => {
  it('service claims the new triage task, reads the whole history and completes it with its outcome form', async ({ pages, expect }) => {
    // Prepare
    const subject = `Pump grinds ${Date.now()}`;
    const { issueId, token } = await issueWithTriageTask(subject);
    // Act: sign in and find the task in the open queue (service signs in through the form once for the file: the
    // first of this test and the next to get here; the other starts from the session it stored)
    const page = await pages.signedIn('service', '/staff');
    expect(await page.getByRole('heading', { name: 'Service queue' }).count()).toBe(1);
    const row = taskRow(page, subject);
    await row.waitFor();
    expect(await row.textContent()).toContain('Triage the issue');
    expect(await row.textContent()).toMatch(/left/);
    // Act: claim it; its issue opens with the whole history
    await row.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    await page.getByText('You hold this task now.').waitFor();
    const history = page.locator('ol.history');
    await history.getByText('The customer submitted the issue').waitFor();
    expect(await history.textContent()).toContain('The pump makes a grinding noise and then stops.');
    expect(await history.textContent()).toContain('service claimed Triage the issue');
    // Act: complete with the outcome's generated form and the handoff packet
    const form = page.locator('form.complete-form');
    expect(await form.getByRole('radio').count()).toBeGreaterThan(0);
    expect(await form.getByRole('radio').first().isChecked()).toBe(true);
    await form.getByLabel('Findings').fill('Bearing worn out after 40 hours.');
    await form.getByLabel('Summary').fill('Defect confirmed: worn bearing.');
    await form.getByLabel('What was promised to the customer').fill('An answer within two days.');
    await form.getByLabel('Note (internal)').fill('Photos in the shared folder.');
    await form.getByRole('button', { name: 'Complete task' }).click();
    // Assess
    await page.getByText(/Task completed:/).waitFor();
    const view = await waitForIssue(baton, token, issueId, (candidate) => candidate.events.some((event: any) => event.type === 'task_completed'));
    const completed = view.events.find((event: any) => event.type === 'task_completed');
    expect(completed).toMatchObject({
      actor: { kind: 'staff', username: 'service' },
      text: 'Photos in the shared folder.',
      data: {
        outcome: view.tasks.find((task: any) => task.step === 'triage').outcomes[0].id,
        fields: { findings: 'Bearing worn out after 40 hours.' },
        packet: { summary: 'Defect confirmed: worn bearing.', promised: 'An answer within two days.' },
      },
    });
    await page.locator('.packet-box').getByText('Defect confirmed: worn bearing.').waitFor();
  });

  it('a required outcome field left empty is marked next to that field', async ({ pages, expect }) => {
    // Prepare
    const subject = `Fan rattles ${Date.now()}`;
    await issueWithTriageTask(subject);
    const page = await pages.signedIn('service', '/staff');
    await taskRow(page, subject).getByRole('button', { name: 'Claim' }).click();
    const form = page.locator('form.complete-form');
    await form.waitFor();
    // Act
    await form.getByLabel('Summary').fill('Looked at it.');
    await form.getByRole('button', { name: 'Complete task' }).click();
    // Assess
    const findings = form.getByLabel('Findings');
    await expect.poll(() => findings.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field.has-error').textContent()).toContain('Please fill this in.');
  });

  it('claiming a task someone else took a moment ago says so in a plain sentence', async ({ pages, expect }) => {
    // Prepare: service2 sees the task open, then service takes it first
    const subject = `Screen flickers ${Date.now()}`;
    const { taskId, token } = await issueWithTriageTask(subject);
    const page = await newPage(pages);
    await signIn(page, 'service2');
    const row = taskRow(page, subject);
    await row.waitFor();
    expect((await baton.request('POST', `/api/tasks/${taskId}/claim`, { token })).status).toBe(200);
    // Act
    await row.getByRole('button', { name: 'Claim' }).click();
    // Assess
    await page.getByRole('alert').filter({ hasText: 'Someone else already holds this task.' }).waitFor();
  });
});

describe.concurrent('the customer form', () => {
  it('a customer submits the form and sees a tracking code with how to use it', async ({ pages, expect }) => {
    // Prepare
    const page = await newPage(pages);
    await page.goto(`${baton.url}/`);
    // Act
    await page.getByLabel('Name').fill('Mei Chen');
    await page.getByLabel('Email').fill('mei.chen@example.com');
    await page.getByLabel('Phone').fill('+86 21 5555 0101');
    await page.getByLabel('What kind of issue is it?').selectOption('product-defect');
    await page.getByLabel('Subject').fill('The valve leaks');
    await page.getByLabel('What happened?').fill('Water drips from the valve since Monday.');
    await page.getByRole('button', { name: 'Submit issue' }).click();
    // Assess
    const code = page.getByTestId('tracking-code');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(await page.getByRole('heading', { name: 'We have your issue' }).count()).toBe(1);
    expect(await page.getByText('mei.chen@example.com').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Track this issue' }).getAttribute('href')).toBe('/track');
  });

  it('a field the API refuses is marked next to that field, in words the customer understands', async ({ pages, expect }) => {
    // Prepare
    const page = await newPage(pages);
    await page.goto(`${baton.url}/`);
    await page.getByLabel('Name').fill('Mei Chen');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('What kind of issue is it?').selectOption('product-defect');
    await page.getByLabel('Subject').fill('The valve leaks');
    await page.getByLabel('What happened?').fill('Water drips from the valve.');
    // Act
    await page.getByRole('button', { name: 'Submit issue' }).click();
    // Assess
    const email = page.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect(await page.locator(`#${errorId}`).textContent()).toContain('Please enter an email address such as name@example.com.');
    // The error sits in the email field's own block, not somewhere else on the page.
    expect(await page.locator('.field', { has: page.locator(`#${errorId}`) }).locator('input[type="email"]').count()).toBe(1);
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').first().textContent()).toContain('Please check the fields marked below.');
  });
});

// Beside the others, but not among the first three: started with the staff console's two longest (three console
// sign-ins on a runtime and a browser still cold), the first of them ran out of its 60 s at load ~30.
describe.concurrent('the manager console', () => {
  // Its own billing dispute: no other test of the file makes one, so that flow's counts are this test's alone and
  // known in advance, whatever the tests beside it do to the product defects.
  it('shows the escalation queue and draws the live process map with department lanes and counts', async ({ pages, expect }) => {
    // Prepare
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ category: 'billing-dispute', subject: `Charged twice ${Date.now()}`, orderRef: undefined }) });
    expect(submitted.status).toBe(201);
    const token = managerToken;
    await waitForTask(baton, token, submitted.body.issueId, (task) => task.step === 'review' && task.status === 'open');
    const page = await newPage(pages);
    // Act
    await page.goto(`${baton.url}/manager`);
    await page.getByLabel('Username').fill('manager');
    await page.getByLabel('Password').fill('baton');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Assess
    await page.getByRole('heading', { name: 'Escalations' }).waitFor();
    const defects = page.getByRole('img', { name: 'Process map: Product defect' });
    await defects.waitFor();
    expect(await defects.locator('.lane-label').allTextContents()).toEqual(expect.arrayContaining(['Service', 'Production', 'Sales', 'Management']));
    expect(await defects.locator('.step:not(.decisions) .step-name', { hasText: 'Triage the issue' }).count()).toBe(1);
    // Act: the flow of this test's issue
    await page.getByRole('combobox', { name: 'Flow' }).selectOption('billing-dispute');
    // Assess: its review waits, unclaimed and in time, as the API counts it too
    await page.getByRole('img', { name: 'Process map: Billing dispute' }).waitFor();
    const live = (await baton.request('GET', '/api/flows/billing-dispute/map', { token })).body;
    const review = live.nodes.find((node: any) => node.kind === 'step' && node.step === 'review' && !node.homeDepartment).counts;
    expect(review).toMatchObject({ open: 1, claimed: 0, overdueNow: 0, breachedPast: 0 });
    const row = page.locator('table.map-table tr[data-step="review"] td.number');
    const [open, claimed, overdueNow, , , breachedPast] = await row.allTextContents();
    expect([open, claimed, overdueNow, breachedPast]).toEqual(['1', '0', '0', '0']);
  });
});

describe.concurrent('the tracking page', () => {
  it('a customer sees where the issue is and what comes next, and can write to it', async ({ pages, expect }) => {
    // Prepare
    const email = `tracker.${Date.now()}@example.com`;
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ subject: 'The lid cracked', orderRef: undefined, customer: { name: 'Ann', email } }) });
    await waitForTask(baton, serviceToken, submitted.body.issueId, (task) => task.step === 'triage');
    const page = await newPage(pages);
    // Act
    await page.goto(`${baton.url}/track`);
    await page.getByLabel('Tracking code').fill(submitted.body.trackingCode);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Show my issue' }).click();
    // Assess
    await page.getByRole('heading', { name: 'The lid cracked' }).waitFor();
    expect(await page.locator('section[aria-labelledby="where-now"]').textContent()).toContain('Service, since');
    expect(await page.locator('section[aria-labelledby="what-next"]').textContent()).toContain('Triage the issue, expected by');
    expect(await page.locator('ol.timeline').textContent()).toContain('You submitted the issue');
    // Act: write to the issue
    await page.getByLabel('Your message').fill('The crack is 2 cm long.');
    await page.getByRole('button', { name: 'Send' }).click();
    // Assess
    await page.getByText('Your message was added to the timeline.').waitFor();
    await page.locator('ol.timeline').getByText('The crack is 2 cm long.').waitFor();
  });

  it('a wrong email says plainly that nothing matches', async ({ pages }) => {
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ orderRef: undefined, customer: { name: 'Bo', email: `bo.${Date.now()}@example.com` } }) });
    const page = await newPage(pages);
    await page.goto(`${baton.url}/track`);
    await page.getByLabel('Tracking code').fill(submitted.body.trackingCode);
    await page.getByLabel('Email').fill('someone.else@example.com');
    await page.getByRole('button', { name: 'Show my issue' }).click();
    await page.getByRole('alert').filter({ hasText: 'No issue matches this tracking code and email address.' }).waitFor();
  });

  it('the confirmation keeps the code through a reload and Back, and the code is in no request the browser sends', async ({ pages, expect }) => {
    // Prepare
    const page = await newPage(pages);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${baton.url}/`);
    await page.getByLabel('Name').fill('Rui');
    await page.getByLabel('Email').fill(`rui.${Date.now()}@example.com`);
    await page.getByLabel('What kind of issue is it?').selectOption('product-defect');
    await page.getByLabel('Subject').fill('The handle broke');
    await page.getByLabel('What happened?').fill('It snapped on the second day.');
    await page.getByRole('button', { name: 'Submit issue' }).click();
    const code = (await page.getByTestId('tracking-code').textContent())!;

    // Act: reload, follow "Track this issue", then Back
    await page.reload();
    const afterReload = await page.getByTestId('tracking-code').textContent();
    await page.getByRole('link', { name: 'Track this issue' }).click();
    await page.getByRole('heading', { name: 'The handle broke' }).waitFor();
    await page.goBack();
    const afterBack = await page.getByTestId('tracking-code').textContent();

    // Assess
    expect(afterReload).toBe(code);
    expect(afterBack).toBe(code);
    expect(requested.filter((url) => url.toUpperCase().replace(/-/g, '').includes(code.replace(/-/g, '')))).toEqual([]);
  });

  it('the e-mail’s link opens the issue in Chromium, and the open page shows a new question without a reload', async ({ pages, expect }) => {
    // Prepare: the confirmation e-mail, from the real SMTP server
    const email = `linked.${Date.now()}@example.com`;
    const submitted = await baton.request('POST', '/api/issues', { body: sampleIssue({ subject: 'The seal leaks', orderRef: undefined, customer: { name: 'Dai', email } }) });
    const [confirmation] = await mailTo(baton.mail.inboxUrl, email, (mine) => mine.length > 0);
    const token = serviceToken;
    const triage = await waitForTask(baton, token, submitted.body.issueId, (task) => task.step === 'triage');
    const page = await newPage(pages, 'en-US', { clock: true });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // Act: open the link; then staff ask a question while the page stays open
    await page.goto(trackingLink(confirmation!).url);
    await page.getByRole('heading', { name: 'The seal leaks' }).waitFor();
    expect(page.url()).toBe(`${baton.url}/track`);
    expect((await baton.request('POST', `/api/tasks/${triage.taskId}/claim`, { token })).status).toBe(200);
    const asked = await baton.request('POST', `/api/tasks/${triage.taskId}/complete`, { token, body: { outcome: 'ask_customer', fields: { question: 'Is the seal black or grey?' }, packet: { summary: 'Asked about the seal' } } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await waitForIssue(baton, token, submitted.body.issueId, (view) => view.events.some((event: { type: string }) => event.type === 'customer_asked'));
    // The page's next poll comes without waiting for it: its clock moves on by one poll.
    await page.clock.fastForward(trackPollMs);

    // Assess: the question appears on the open page (it asks every few seconds), and its e-mail's link opens the reply box
    await page.locator('ol.timeline').getByText('Is the seal black or grey?').waitFor();
    const mine = await mailTo(baton.mail.inboxUrl, email, (messages) => messages.some((message) => message.subject.startsWith('A question')));
    const reply = await newPage(pages);
    await reply.bringToFront();
    await reply.goto(trackingLink(mine.find((message) => message.subject.startsWith('A question'))!).url);
    await reply.getByLabel('Your message').waitFor();
    await expect.poll(() => reply.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe('message');
    const codes = [submitted.body.trackingCode, trackingLink(confirmation!).code];
    expect(requested.filter((url) => codes.some((code) => url.includes(code)) || url.includes(encodeURIComponent(email)))).toEqual([]);
  });
});

describe.concurrent('the local mail inbox', () => {
  it('opens in the site’s look, lists the mail sent, and leaves nothing in the browser’s console', async ({ pages, expect }) => {
    // Prepare: one confirmation e-mail in the inbox
    const email = `inbox.${Date.now()}@example.com`;
    await baton.request('POST', '/api/issues', { body: sampleIssue({ subject: 'The tap drips', orderRef: undefined, customer: { name: 'Lu', email } }) });
    await mailTo(baton.mail.inboxUrl, email, (mine) => mine.length > 0);
    const page = await newPage(pages);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    // Act
    await page.goto(baton.mail.inboxUrl);
    // Assess
    await page.getByRole('heading', { name: 'Baton local inbox' }).waitFor();
    await page.locator('article', { hasText: email }).first().waitFor();
    // The site's stylesheet, not the browser's default serif page.
    expect(await page.locator('body').evaluate((body) => getComputedStyle(body).fontFamily)).toMatch(/^system-ui/);
    await page.reload();
    expect(problems).toEqual([]);
  });
});

describe.concurrent('languages', () => {
  it('switching to Chinese shows Chinese labels and the choice is remembered', async ({ pages, expect }) => {
    // Prepare
    const page = await newPage(pages, 'en-US');
    await page.goto(`${baton.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tell us about your issue');
    // Act
    await page.getByRole('button', { name: '中文' }).click();
    // Assess
    await page.getByRole('heading', { name: '告诉我们您遇到的问题' }).waitFor();
    expect(await page.getByLabel('电子邮箱').count()).toBe(1);
    expect(await page.getByRole('option', { name: '产品缺陷' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.goto(`${baton.url}/staff`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getByLabel('用户名').count()).toBe(1);
  });

  it('a browser set to Chinese opens in Chinese, with the glossary’s words in the staff console', async ({ pages }) => {
    // Prepare
    const subject = `Motor hums ${Date.now()}`;
    await issueWithTriageTask(subject);
    const page = await newPage(pages, 'zh-CN');
    // Act
    await page.goto(`${baton.url}/staff`);
    await page.getByLabel('用户名').fill('service');
    await page.getByLabel('密码').fill('baton');
    await page.getByRole('button', { name: '登录' }).click();
    // Assess
    await page.getByRole('heading', { name: '服务队列' }).waitFor();
    await taskRow(page, subject).getByRole('button', { name: '认领' }).waitFor();
  });
});
