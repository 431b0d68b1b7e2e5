// The staff console's notes, corrections, search, customer page, queue rows and suggestions, in a real Chromium against
// a real local runtime: what staff add reaches the customer only when they say so, history is never rewritten, and any
// issue is found by what the customer knows. The issue view after each action: staff-console-issue-view.test.ts.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { waitForIssue, waitForTask } from '../support/local-baton.ts';
import { addNoteInBrowser, baton, historyEntry, it, noteForm, signedInConsole, staffToken, submitIssue, type Submitted, useStaffConsoleFile } from './staff-console-file.ts';

useStaffConsoleFile();

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
    // Act: a refresh by hand
    const asked: string[] = [];
    page.on('request', (request) => asked.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const refresh = page.locator('.panel-head').getByRole('button', { name: 'Refresh' });
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/api/queues/'));
    await refresh.click();
    await answered;
    // The list is shown again once the button is back: a client that read each row's issue had asked by then.
    await expect.poll(() => refresh.isEnabled()).toBe(true);
    // Assess: the rows' headlines came with the queue, not from a read of each row's issue
    expect(asked.filter((call) => call.startsWith('GET /api/issues/'))).toEqual([]);
    expect(await row(written).locator('.unread-message').count()).toBe(1);
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
