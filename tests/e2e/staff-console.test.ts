// The staff console's notes, corrections, search and customer page, in a real Chromium against a
// real local runtime: what staff add reaches the customer only when they say so, history is never
// rewritten, and any issue is found by what the customer knows. After each action the issue view,
// the holders and the queue show the new truth without a refresh, and say what really happened.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { flowVersions } from '#shared/flows/catalog.ts';
import { uniqueIssue, work } from '../support/api-fixtures.ts';
import { cspViolationsSeen, launchBrowser } from '../support/browser.ts';
import { browserTest, type TestPages } from '../support/browser-test.ts';
import { startTestBaton, waitForIssue, waitForTask, type TestBaton } from '../support/local-baton.ts';

let baton: TestBaton;
let browser: Browser;
let staffToken: string;
let salesToken: string;

beforeAll(async () => {
  // The API's sign-ins (a password hash each) while Chromium starts: each person signs in once for the file.
  const signedIn = async (started: TestBaton) => {
    baton = started;
    [staffToken, salesToken] = await Promise.all([baton.login('service'), baton.login('sales')]);
  };
  [, browser] = await Promise.all([startTestBaton().then(signedIn), launchBrowser()]);
});
// The pages work under the site's Content-Security-Policy without breaking it.
afterEach(() => {
  expect(cspViolationsSeen()).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await baton?.dispose();
});

interface Submitted {
  issueId: string;
  trackingCode: string;
  subject: string;
  email: string;
  orderRef: string;
}

/** A customer submits an issue through the API; every call a new customer unless one is given. */
async function submitIssue(overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const body = uniqueIssue({ subject: `Pump grinds ${randomUUID().slice(0, 8)}`, ...overrides });
  const response = await baton.request('POST', '/api/issues', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, subject: body.subject, email: body.customer.email, orderRef: body.orderRef as string };
}

// Each test works on issues of its own, so the tests run side by side (`describe.concurrent`); each closes its own pages.
const it = browserTest(() => ({ browser, baseUrl: baton.url }));

const consoleRoute = (issueId?: string) => `/staff${issueId ? `#issue=${issueId}` : ''}`;
/** The staff console signed in as this person, in a tab the file keeps; with an issue id, it opens on that issue (`#issue=…`). */
const signedInConsole = (pages: TestPages, username: string, issueId?: string): Promise<Page> => pages.console(username, consoleRoute(issueId));

/** A new issue whose triage task is open, shown in the service console (in a context of its own if `fresh`). */
async function atTriageInConsole(pages: TestPages, { fresh = false } = {}): Promise<{ issue: Submitted; page: Page }> {
  const issue = await submitIssue();
  await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
  const page = fresh ? await pages.signedIn('service', consoleRoute(issue.issueId)) : await signedInConsole(pages, 'service', issue.issueId);
  await page.getByRole('heading', { name: issue.subject }).waitFor();
  return { issue, page };
}

const historyEntry = (page: Page, text: string) => page.locator('ol.history > li', { hasText: text });
const noteForm = (page: Page) => page.locator('form.note-form');

async function addNoteInBrowser(page: Page, text: string, visibility: 'internal' | 'customer') {
  const form = noteForm(page);
  await form.getByLabel('Your note').fill(text);
  if (visibility === 'customer') await form.getByLabel('Customer-visible: the customer will see this').check();
  await form.getByRole('button', { name: 'Add note' }).click();
  await historyEntry(page, text).waitFor();
}

const statusLine = (page: Page) => page.locator('.status-line');
const holders = (page: Page) => page.locator('section[aria-labelledby="now-title"] ul.plain li').allTextContents();
const activeTask = (page: Page, step: string) => page.locator('section.active-task', { has: page.locator('.task-step', { hasText: step }) });

/** Completes the held task of this step in the issue view, as a person would. */
async function completeInBrowser(page: Page, step: string, outcome: string, fields: Record<string, string>, summary: string) {
  const form = page.locator('form.complete-form', { has: page.getByRole('heading', { name: `Complete: ${step}` }) });
  await form.getByLabel(outcome).check();
  for (const [label, value] of Object.entries(fields)) {
    const control = form.getByLabel(label, { exact: true });
    if ((await control.evaluate((element) => element.tagName)) === 'SELECT') await control.selectOption({ label: value });
    else await control.fill(value);
  }
  await form.getByLabel('Summary').fill(summary);
  await form.getByRole('button', { name: 'Complete task' }).click();
}

// First in the file: the tests that wait on a flow after a completion in the browser start first, so the others fill the time beside them.
describe.concurrent('the issue view after each action', () => {
  it('a reroute says where it went and counts it, and names the department now holding the step', async ({ pages, expect }) => {
    // Prepare
    const { page } = await atTriageInConsole(pages);
    await activeTask(page, 'Triage the issue').getByRole('button', { name: 'Claim' }).click();
    // Act
    await completeInBrowser(page, 'Triage the issue', 'Not ours: reroute to another department', { Reason: 'A pricing question', 'To department': 'Sales' }, 'For sales');
    // Assess
    await expect.poll(() => statusLine(page).textContent(), { timeout: 60_000 }).toBe('Task completed: Not ours: reroute to another department. The issue moved on to Sales.');
    await expect.poll(() => page.locator('section[aria-labelledby="now-title"] p.muted').first().textContent()).toBe('Reroutes: 1 · Bounces: 0');
    expect((await holders(page)).map((item) => item.replace(/, since.*/, ''))).toEqual(['Sales']);
    // The rerouted step's name names no department: the one holding it is said beside it.
    expect(await page.locator('section.active-task .task-step').textContent()).toBe('Triage the issue · Sales');
  });

  it('asking the customer says the issue now waits for their reply', async ({ pages, expect }) => {
    // Prepare
    const { page } = await atTriageInConsole(pages);
    await activeTask(page, 'Triage the issue').getByRole('button', { name: 'Claim' }).click();
    // Act
    await completeInBrowser(page, 'Triage the issue', 'Ask the customer', { Question: 'Which price were you quoted?' }, 'Asked about the price');
    // Assess
    await expect.poll(() => statusLine(page).textContent(), { timeout: 60_000 }).toBe('Task completed: Ask the customer. The issue now waits for the customer’s reply.');
    await expect.poll(() => page.locator('.facts .badge').first().textContent()).toBe('Waiting for the customer');
  });

  it('completing the last step says the issue is closed', async ({ pages, expect }) => {
    // Prepare, through the API: service asks the customer, who answers; service finds no defect.
    const issue = await submitIssue();
    const triage = await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
    await work(baton, staffToken, triage, 'ask_customer', { question: 'Which price were you quoted?' });
    await waitForIssue(baton, staffToken, issue.issueId, (view) => view.issue.status === 'waiting_customer');
    const reply = await baton.request('POST', '/api/track/messages', { body: { trackingCode: issue.trackingCode, email: issue.email, message: 'The catalogue price.' } });
    expect(reply.status).toBe(201);
    // The step comes back to service, who asked, already held by them: not to the open pool (claiming it again changes nothing).
    const again = await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'claimed' && task.claimedBy === 'service');
    expect((await baton.request('POST', `/api/tasks/${again.taskId}/claim`, { token: staffToken })).status).toBe(200);
    expect((await baton.request('POST', `/api/tasks/${again.taskId}/complete`, { token: staffToken, body: { outcome: 'not_a_defect', fields: { explanation: 'Pricing' }, packet: { summary: 'Not a defect' } } })).status).toBe(200);
    await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'confirm' && task.status === 'open');
    const page = await signedInConsole(pages, 'service', issue.issueId);
    await page.getByRole('heading', { name: issue.subject }).waitFor();
    // Act
    await activeTask(page, 'Confirm with the customer').getByRole('button', { name: 'Claim' }).click();
    await completeInBrowser(page, 'Confirm with the customer', 'Customer confirms it is resolved', { 'What the customer said': 'All clear' }, 'Resolved');
    // Assess
    await expect.poll(() => statusLine(page).textContent(), { timeout: 60_000 }).toBe('Task completed: Customer confirms it is resolved. The issue is closed.');
    await expect.poll(() => page.locator('.facts .badge').first().textContent()).toBe('Closed');
  });

  it('claim, release and claim again show the task’s holder at once; completing shows where the issue went, both parallel steps included', async ({ pages, expect }) => {
    // Prepare
    const { page } = await atTriageInConsole(pages);
    const triage = activeTask(page, 'Triage the issue');
    // Act: claim, release, claim
    await triage.getByRole('button', { name: 'Claim' }).click();
    // Assess
    await triage.getByText('Held by you').waitFor();
    expect(await statusLine(page).textContent()).toBe('You hold this task now.');
    await triage.getByRole('button', { name: 'Release' }).click();
    await triage.getByRole('button', { name: 'Claim' }).waitFor();
    expect(await statusLine(page).textContent()).toBe('The task is back in the queue.');
    await triage.getByRole('button', { name: 'Claim' }).click();
    await triage.getByText('Held by you').waitFor();
    // Act: complete
    await completeInBrowser(page, 'Triage the issue', 'Defect confirmed: on to production and sales', { Findings: 'Cracked housing' }, 'A defect: production and sales take over');
    // Assess: the view follows the flow to both parallel steps, and says so.
    await expect.poll(() => statusLine(page).textContent(), { timeout: 60_000 }).toMatch(/^Task completed: Defect confirmed: on to production and sales\. The issue moved on to (Production and Sales|Sales and Production)\.$/);
    await expect.poll(() => holders(page).then((items) => items.map((item) => item.replace(/, since.*/, '')).sort())).toEqual(['Production', 'Sales']);
    expect(await page.locator('section.active-task .task-step').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Find the root cause'), expect.stringContaining('Offer a remedy')]));
  });

  it('a read of the issue that answers after a newer one does not put back the moment before the flow moved on', async ({ pages, expect }) => {
    // Prepare: a tab of its own, as the test routes its requests.
    const { issue, page } = await atTriageInConsole(pages, { fresh: true });
    const triage = activeTask(page, 'Triage the issue');
    await triage.getByRole('button', { name: 'Claim' }).click();
    await triage.getByText('Held by you').waitFor();
    // The view's first read after the completion is answered last, as a busy server may (a fault the test makes): its
    // answer is taken at once, before the flow has moved on, and handed to the page only when the test says so.
    let armed = true;
    let answerLate: (() => Promise<void>) | undefined;
    const held = new Promise<string>((resolve) => {
      void page.route(`**/api/issues/${issue.issueId}`, async (route) => {
        if (!armed) return route.continue();
        armed = false;
        const response = await route.fetch();
        answerLate = () => route.fulfill({ response });
        resolve(route.request().url());
      });
    });
    // Act
    await completeInBrowser(page, 'Triage the issue', 'Defect confirmed: on to production and sales', { Findings: 'Cracked housing' }, 'A defect: production and sales take over');
    await held;
    await expect.poll(() => holders(page).then((items) => items.map((item) => item.replace(/, since.*/, '')).sort()), { timeout: 60_000 }).toEqual(['Production', 'Sales']);
    const lateAnswer = page.waitForEvent('requestfinished', (request) => request.url() === `${baton.url}/api/issues/${issue.issueId}`);
    await answerLate!();
    await lateAnswer;
    // Two frames: the page has read the late answer and drawn whatever it did with it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Assess: the view still shows where the issue is now.
    expect((await holders(page)).map((item) => item.replace(/, since.*/, '')).sort()).toEqual(['Production', 'Sales']);
    expect(await page.locator('section.active-task .task-step').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Find the root cause'), expect.stringContaining('Offer a remedy')]));
  });

});

describe.concurrent('notes', () => {
  it('an internal note stays with staff and a customer-visible note reaches the customer’s timeline', async ({ pages, expect }) => {
    // Prepare
    const issue = await submitIssue();
    const page = await signedInConsole(pages, 'service', issue.issueId);
    await page.getByRole('heading', { name: issue.subject }).waitFor();
    const internal = `Checked the stock in the warehouse ${randomUUID().slice(0, 6)}`;
    const forCustomer = `We are sending a replacement pump this week ${randomUUID().slice(0, 6)}`;
    // Act
    await addNoteInBrowser(page, internal, 'internal');
    await noteForm(page).getByLabel('Customer-visible: the customer will see this').check();
    await page.getByText('The customer will see this text on their tracking page, exactly as you write it.').waitFor();
    await addNoteInBrowser(page, forCustomer, 'customer');
    // Assess: staff see both, each marked with who sees it
    await page.getByText('Your note was added to the history.').waitFor();
    expect(await historyEntry(page, internal).locator('.visibility').textContent()).toBe('Internal');
    expect(await historyEntry(page, internal).locator('.timeline-title').textContent()).toBe('service added a note');
    expect(await historyEntry(page, forCustomer).locator('.visibility').textContent()).toBe('Customer-visible');
    // Assess: the customer sees only the customer-visible one
    const tracked = await baton.request('POST', '/api/track', { body: { trackingCode: issue.trackingCode, email: issue.email } });
    expect(tracked.status).toBe(200);
    const texts = tracked.body.timeline.map((entry: { text?: string }) => entry.text);
    expect(texts).toContain(forCustomer);
    expect(texts).not.toContain(internal);
  });

  it('an empty note is refused with a sentence right beside the text box', async ({ pages, expect }) => {
    // Prepare
    const issue = await submitIssue();
    const page = await signedInConsole(pages, 'service', issue.issueId);
    const form = noteForm(page);
    await form.waitFor();
    // Act
    await form.getByLabel('Your note').fill('   ');
    await form.getByRole('button', { name: 'Add note' }).click();
    // Assess
    const text = form.getByLabel('Your note');
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field.has-error').textContent()).toContain('Please fill this in.');
    const view = await waitForIssue(baton, staffToken, issue.issueId, () => true);
    expect(view.events.some((event: { type: string }) => event.type === 'note_added')).toBe(false);
  });

  it('a correction links to the entry it corrects and back, and the original entry keeps its text', async ({ pages, expect }) => {
    // Prepare
    const issue = await submitIssue();
    const original = `Replacement promised for Friday ${randomUUID().slice(0, 6)}`;
    const added = await baton.request('POST', `/api/issues/${issue.issueId}/notes`, { token: staffToken, body: { text: original, visibility: 'internal' } });
    expect(added.status).toBe(201);
    const originalSeq: number = added.body.event.seq;
    const page = await signedInConsole(pages, 'service', issue.issueId);
    const originalEntry = historyEntry(page, original);
    await originalEntry.waitFor();
    // Act
    await originalEntry.getByRole('button', { name: /^Correct this/ }).click();
    const form = noteForm(page);
    await form.getByRole('heading', { name: `Correct entry #${originalSeq}` }).waitFor();
    const correction = `Replacement promised for Monday, not Friday ${randomUUID().slice(0, 6)}`;
    await form.getByLabel('Your note').fill(correction);
    await form.getByRole('button', { name: 'Add correction' }).click();
    // Assess: both entries are there, linked both ways
    const correctionEntry = historyEntry(page, correction);
    await correctionEntry.waitFor();
    const correctionSeq = Number(await correctionEntry.getAttribute('data-seq'));
    expect(correctionSeq).toBeGreaterThan(originalSeq);
    expect(await correctionEntry.locator('.timeline-title').textContent()).toBe('service added a correction');
    await originalEntry.getByRole('button', { name: `Corrected by #${correctionSeq}` }).waitFor();
    expect(await originalEntry.locator('.event-text').textContent()).toBe(original);
    // Act: follow the link from the correction to the entry it corrects
    await correctionEntry.getByRole('button', { name: `Corrects #${originalSeq}` }).click();
    // Assess
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`entry-${originalSeq}`);
    const view = await waitForIssue(baton, staffToken, issue.issueId, () => true);
    expect(view.events.find((event: { seq: number }) => event.seq === originalSeq)).toMatchObject({ type: 'note_added', text: original });
    expect(view.events.find((event: { seq: number }) => event.seq === correctionSeq)).toMatchObject({ type: 'correction_added', corrects: originalSeq, text: correction });
  });
});

describe.concurrent('search', () => {
  async function search(page: Page, q: string) {
    await page.getByLabel('Find an issue').fill(q);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  }

  it('finds an issue by its order reference and by the customer’s email, and opens it', async ({ pages, expect }) => {
    // Prepare
    const issue = await submitIssue();
    const page = await signedInConsole(pages, 'sales');
    const results = page.locator('.search-results');
    // Act: by order reference
    await search(page, issue.orderRef);
    // Assess
    const byOrder = results.locator('li', { hasText: issue.subject });
    await byOrder.waitFor();
    expect(await byOrder.textContent()).toContain('Matched by order reference');
    await byOrder.getByRole('button', { name: issue.subject }).click();
    await page.getByRole('heading', { name: issue.subject, level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#issue=${issue.issueId}`);
    // Act: by email, after closing the issue
    await page.locator('.issue-panel').getByRole('button', { name: /^Close/ }).click();
    await page.getByText('Choose a task to see the issue’s whole history.').waitFor();
    await search(page, issue.email);
    // Assess: the row names the status and the customer
    const byEmail = results.locator('li', { hasText: 'Matched by email' });
    await byEmail.filter({ hasText: issue.subject }).waitFor();
    await byEmail.getByText(/Customer [0-9a-f]{8}, Acme/).waitFor();
    expect(await byEmail.locator('.badge').textContent()).toBe('In progress');
    await byEmail.getByRole('button', { name: issue.subject }).click();
    await page.getByRole('heading', { name: issue.subject, level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#issue=${issue.issueId}`);
  });

  it('a value no issue has says that no issue matches', async ({ pages, expect }) => {
    // Prepare
    const page = await signedInConsole(pages, 'service');
    const unknown = `PO-nobody-${randomUUID().slice(0, 8)}`;
    // Act
    await search(page, unknown);
    // Assess
    await page.getByRole('status').filter({ hasText: `No issue matches “${unknown}”.` }).waitFor();
    expect(await page.locator('.search-results li').count()).toBe(0);
  });

  it('an empty search is refused with a sentence beside the search box', async ({ pages, expect }) => {
    // Prepare
    const page = await signedInConsole(pages, 'service');
    // Act
    await search(page, '  ');
    // Assess
    const box = page.getByLabel('Find an issue');
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.search-form .field-error').textContent()).toContain('Please fill this in.');
  });
});

describe.concurrent('the customer page', () => {
  it('lists both of the customer’s issues with status and date, and opens the other one', async ({ pages, expect }) => {
    // Prepare: one customer, two orders, two issues
    const first = await submitIssue();
    const customer = { name: 'Zhang Min', email: first.email, phone: '+86 21 5555 0199', company: 'Acme' };
    const second = await submitIssue({ customer, orderRef: `PO-${randomUUID().slice(0, 8)}`, subject: `Lid cracked ${randomUUID().slice(0, 8)}` });
    const page = await signedInConsole(pages, 'production', first.issueId);
    await page.getByRole('heading', { name: first.subject }).waitFor();
    // Act
    await page.getByRole('button', { name: 'Customer page: all their issues' }).click();
    // Assess
    const panel = page.locator('.customer-panel');
    await panel.getByRole('heading', { name: 'All their issues (2)' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('customer-page-title');
    const facts = await panel.locator('.customer-facts').textContent();
    expect(facts).toContain(first.email);
    expect(facts).toContain('Acme');
    const rows = panel.locator('ul.issue-links > li');
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: first.subject }).textContent()).toContain('the issue you came from');
    const other = rows.filter({ hasText: second.subject });
    expect(await other.locator('.badge').textContent()).toBe('In progress');
    expect(await other.locator('.issue-meta').textContent()).toMatch(/\d{4}/);
    // Act: open the other issue
    await other.getByRole('button', { name: second.subject }).click();
    // Assess
    await page.getByRole('heading', { name: second.subject, level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#issue=${second.issueId}`);
    expect(await page.locator('.customer-panel').count()).toBe(0);
  });
});

describe.concurrent('the history in words', () => {
  it('names the flow’s start, a reroute with its departments and a question to the customer', async ({ pages, expect }) => {
    // Prepare: service reroutes the triage to sales, who asks the customer.
    const issue = await submitIssue();
    const triage = await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
    await work(baton, staffToken, triage, 'reroute', { reason: 'The customer asks about a discount', toDepartment: 'sales' });
    const atSales = await waitForTask(baton, salesToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open' && task.department === 'sales');
    await work(baton, salesToken, atSales, 'ask_customer', { question: 'Which discount were you promised?' });
    await waitForIssue(baton, staffToken, issue.issueId, (view) => view.events.some((event: { type: string }) => event.type === 'customer_asked'));
    // Act
    const page = await signedInConsole(pages, 'service', issue.issueId);
    await page.getByRole('heading', { name: issue.subject }).waitFor();
    // Assess
    await historyEntry(page, `The flow started (version ${flowVersions['product-defect']})`).waitFor();
    await historyEntry(page, 'service rerouted Triage the issue: Service → Sales').waitFor();
    await historyEntry(page, 'sales asked the customer (Triage the issue)').waitFor();
    // No entry falls back to its bare event type.
    const view = await waitForIssue(baton, staffToken, issue.issueId, () => true);
    const bareTypes = new Set(view.events.map((event: { type: string }) => event.type.replace(/_/g, ' ')));
    const titles = await page.locator('ol.history .timeline-title').allTextContents();
    expect(titles.filter((title) => bareTypes.has(title.trim()))).toEqual([]);
  });
});

describe.concurrent('a step rerouted to another department', () => {
  it('offers the receiving department the outcomes that make sense for it: no refund outside sales, and a reroute a manager decides', async ({ pages, expect }) => {
    // Prepare: service confirms a defect; sales hands the remedy to service.
    const issue = await submitIssue();
    const triage = await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'triage' && task.status === 'open');
    await work(baton, staffToken, triage, 'confirmed_defect', { findings: 'Cracked housing' });
    const remedy = await waitForTask(baton, salesToken, issue.issueId, (task) => task.step === 'remedy' && task.status === 'open');
    await work(baton, salesToken, remedy, 'reroute', { reason: 'A repair on site, not a sale', toDepartment: 'service' });
    await waitForTask(baton, staffToken, issue.issueId, (task) => task.step === 'remedy' && task.status === 'open' && task.department === 'service');
    const page = await signedInConsole(pages, 'service', issue.issueId);
    await page.getByRole('heading', { name: issue.subject }).waitFor();
    // Act
    await activeTask(page, 'Offer a remedy').getByRole('button', { name: 'Claim' }).click();
    // Assess
    const form = page.locator('form.complete-form', { has: page.getByRole('heading', { name: 'Complete: Offer a remedy' }) });
    await form.waitFor();
    expect(await form.locator('.radio-list label.radio span').allTextContents()).toEqual([
      'Replace the product',
      'Repair',
      'Not ours either: a manager decides who owns it',
      'Ask the customer',
    ]);
    expect(await activeTask(page, 'Offer a remedy').locator('.task-step').textContent()).toBe('Offer a remedy · Service');
  });
});

describe.concurrent('the queue row', () => {
  it('shows the order reference and the issue id, and flags an issue the customer wrote to since staff last acted on it', async ({ pages, expect }) => {
    // Prepare: two issues with the same subject; the customer writes on one.
    const subject = `Pump leaks ${randomUUID().slice(0, 6)}`;
    const [quiet, written] = [await submitIssue({ subject }), await submitIssue({ subject })];
    await waitForTask(baton, staffToken, written.issueId, (task) => task.step === 'triage' && task.status === 'open');
    await waitForTask(baton, staffToken, quiet.issueId, (task) => task.step === 'triage' && task.status === 'open');
    const message = await baton.request('POST', '/api/track/messages', { body: { trackingCode: written.trackingCode, email: written.email, message: 'It leaks more now.' } });
    expect(message.status).toBe(201);
    // Act
    const page = await signedInConsole(pages, 'service');
    // Assess
    const row = (issue: Submitted) => page.locator('li.task-row', { has: page.locator('.task-ref code', { hasText: issue.issueId }) });
    await row(written).locator('.task-ref', { hasText: `Order ${written.orderRef}` }).waitFor();
    await row(quiet).locator('.task-ref', { hasText: `Order ${quiet.orderRef}` }).waitFor();
    expect(await row(written).locator('.unread-message').textContent()).toBe('New message from the customer');
    expect(await row(quiet).locator('.unread-message').count()).toBe(0);
  });
});

describe.concurrent('suggestions', () => {
  it('a suggestion sent from the staff console reaches the managers’ page with who sent it and from where', async ({ pages, expect }) => {
    // Prepare
    const wish = `Show the order value next to the subject ${randomUUID().slice(0, 6)}`;
    const page = await signedInConsole(pages, 'production');
    // Act
    const form = page.locator('form.feedback-form');
    await form.getByLabel('Your suggestion').fill(wish);
    await form.getByRole('button', { name: 'Send suggestion' }).click();
    // Assess
    await form.getByText('Thank you: the managers will read it.').waitFor();
    expect(await form.getByLabel('Your suggestion').inputValue()).toBe('');
    const managerPage = await pages.console('manager', '/manager');
    const suggestion = managerPage.locator('.feedback-list li.suggestion', { hasText: wish });
    await suggestion.waitFor();
    expect(await suggestion.locator('.suggestion-meta').textContent()).toMatch(/^production \(Production\), from the staff console, /);
    // The manager page has the form too.
    expect(await managerPage.locator('form.feedback-form').getByRole('heading', { name: 'Tell us what Baton should do for you' }).count()).toBe(1);
  });

  it('an empty suggestion is refused beside the box and nothing is sent', async ({ pages, expect }) => {
    const page = await signedInConsole(pages, 'sales');
    const form = page.locator('form.feedback-form');
    await form.getByRole('button', { name: 'Send suggestion' }).click();
    await form.locator('.field-error').waitFor();
    expect(await form.getByLabel('Your suggestion').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.feedback-thanks').count()).toBe(0);
  });
});
