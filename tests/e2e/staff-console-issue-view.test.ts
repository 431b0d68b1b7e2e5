// The staff console's issue view in a real Chromium against a real local runtime: after each action (claim, release,
// a completion of each kind) the view, the holders and the status line show the new truth without a refresh and say
// what really happened; the history reads as sentences; a rerouted step offers its new department's outcomes. Notes,
// search and the rest of the console: staff-console-notes-search.test.ts.
import { describe } from 'vitest';
import { flowVersions } from '#shared/flows/catalog.ts';
import { work } from '../support/api-fixtures.ts';
import { waitForIssue, waitForTask } from '../support/local-baton.ts';
import { activeTask, atTriageInConsole, baton, completeInBrowser, historyEntry, holders, it, salesToken, signedInConsole, staffToken, statusLine, submitIssue, useStaffConsoleFile } from './staff-console-file.ts';

useStaffConsoleFile();

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
