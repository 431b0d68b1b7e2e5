// The manager console's issue list in a real Chromium against a real local runtime: filters by
// status and by the department holding an issue, paging with "Load more", opening an issue from the
// list, and the CSV export (every page, formulas neutralised).
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueIssue } from '../support/api-fixtures.ts';
import { closeOpenPages, launchBrowser, reopenSignedIn } from '../support/browser.ts';
import { startTestBaton, waitForTask, type TestBaton } from '../support/local-baton.ts';

let baton: TestBaton;
let browser: Browser;

/** More issues than one page of the list holds, so the list pages and the export must follow. */
const plainIssueCount = 50;
const run = randomUUID().slice(0, 6);
const formulaSubject = `=HYPERLINK("http://evil.example","click") ${run}`;
const submitted: Array<{ issueId: string; subject: string }> = [];

async function submit(subject: string) {
  const response = await baton.request('POST', '/api/issues', { body: uniqueIssue({ subject }) });
  expect(response.status).toBe(201);
  submitted.push({ issueId: response.body.issueId as string, subject });
}

beforeAll(async () => {
  [baton, browser] = await Promise.all([startTestBaton(), launchBrowser()]);
  const subjects = [formulaSubject, ...Array.from({ length: plainIssueCount }, (_, n) => `Issue list ${run} #${String(n + 1).padStart(2, '0')}`)];
  // A few at a time: every submission also starts a flow.
  for (let start = 0; start < subjects.length; start += 5) await Promise.all(subjects.slice(start, start + 5).map(submit));
});
// A page left open would keep polling the runtime through the file's later tests.
afterEach(closeOpenPages);
afterAll(async () => {
  await browser?.close();
  await baton?.dispose();
});

async function managerConsole(): Promise<{ page: Page; panel: Locator }> {
  const page = await reopenSignedIn(browser, baton.url, 'manager', '/manager');
  const panel = page.getByRole('region', { name: 'Issue list' });
  await panel.waitFor();
  return { page, panel };
}

const rows = (panel: Locator) => panel.locator('table.issue-table tbody tr');
const listedIds = (panel: Locator) => rows(panel).evaluateAll((found) => found.map((row) => row.getAttribute('data-issue-id')));
/** The table's caption names the filters its rows answer. */
const listedFor = (panel: Locator, status: string, department: string) =>
  panel.locator('table.issue-table caption', { hasText: `Issues with status “${status}”, held now by: ${department}` }).waitFor();

async function loadEveryPage(panel: Locator) {
  const more = panel.getByRole('button', { name: 'Load more' });
  while ((await more.count()) > 0) {
    const before = await rows(panel).count();
    await more.click();
    await expect.poll(async () => (await rows(panel).count()) > before || (await more.count()) === 0).toBe(true);
  }
}

describe('the managers’ issue list', () => {
  it('filtered by status, the table lists the submitted issues, page by page with “Load more”', async () => {
    // Prepare
    const { panel } = await managerConsole();
    const status = panel.getByLabel('Status');
    // Act: a status none of them has
    await status.selectOption({ label: 'Waiting for the customer' });
    // Assess
    await panel.getByText('No issues match these filters.').waitFor();
    // Act: their status
    await status.selectOption({ label: 'In progress' });
    // Assess: one page does not hold them all; "Load more" brings the rest
    await listedFor(panel, 'In progress', 'Any department');
    expect(await rows(panel).count()).toBeLessThan(submitted.length);
    expect(await panel.getByRole('button', { name: 'Load more' }).count()).toBe(1);
    await loadEveryPage(panel);
    expect(await listedIds(panel)).toEqual(expect.arrayContaining(submitted.map((issue) => issue.issueId)));
    const statuses = await rows(panel).locator('td .badge').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['In progress']));
    expect(await panel.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['Subject', 'Status', 'Flow', 'Held by', 'Submitted']),
    );
    const formulaRow = rows(panel).filter({ hasText: formulaSubject });
    expect(await formulaRow.getByRole('rowheader').textContent()).toContain(formulaSubject);
    expect(await formulaRow.textContent()).toContain('Product defect');
  });

  it('filtered by department, the table lists only the issues that department holds now', async () => {
    // Prepare: the first issue's triage task is open, so service holds it
    const [issue] = submitted;
    await waitForTask(baton, await baton.login('service'), issue!.issueId, (task) => task.step === 'triage');
    const { panel } = await managerConsole();
    const heldBy = panel.getByLabel('Held now by');
    // Act
    await heldBy.selectOption({ label: 'Service' });
    // Assess
    await listedFor(panel, 'In progress', 'Service');
    await loadEveryPage(panel);
    await rows(panel).filter({ hasText: issue!.subject }).waitFor();
    expect(await rows(panel).filter({ hasText: issue!.subject }).locator('.dept').textContent()).toBe('Service');
    // Act
    await heldBy.selectOption({ label: 'Sales' });
    // Assess
    await panel.getByText('No issues match these filters.').waitFor();
  });

  it('choosing an issue in the list opens its issue view', async () => {
    // Prepare
    const { page, panel } = await managerConsole();
    await listedFor(panel, 'In progress', 'Any department');
    const issueId = (await rows(panel).first().getAttribute('data-issue-id'))!;
    const issue = submitted.find((candidate) => candidate.issueId === issueId)!;
    const link = panel.getByRole('link', { name: issue.subject, exact: true });
    // Act
    await link.click();
    // Assess
    await page.locator('.issue-panel').getByRole('heading', { name: issue.subject, exact: true }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#issue=${issue.issueId}`);
    await expect.poll(() => link.getAttribute('aria-current')).toBe('true');
  });

  it('“Export CSV” downloads every issue with the current filters, with formulas neutralised', async () => {
    // Prepare
    const { page, panel } = await managerConsole();
    await panel.getByLabel('Status').selectOption({ label: 'In progress' });
    await listedFor(panel, 'In progress', 'Any department');
    const shown = await rows(panel).count();
    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export CSV' }).click()]);
    // Assess
    expect(download.suggestedFilename()).toMatch(/^baton-issues-open-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('issueId,status,flowId,flowVersion,subject,orderRef,createdAt,updatedAt,holders,reroutes,bounces');
    expect(lines.filter((line) => line.startsWith('issueId,'))).toHaveLength(1);
    const exportedIds = lines.slice(1).map((line) => line.split(',')[0]);
    expect(exportedIds).toEqual(expect.arrayContaining(submitted.map((issue) => issue.issueId)));
    // The file holds more than the page on screen: not only the rows shown.
    expect(exportedIds.length).toBeGreaterThan(shown);
    const formulaIssue = submitted.find((issue) => issue.subject === formulaSubject)!;
    const formulaLine = lines.find((line) => line.startsWith(formulaIssue.issueId));
    expect(formulaLine).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") ${run}"`);
    expect(lines.some((line) => /(^|,)"?[=+\-@]/.test(line))).toBe(false);
    await panel.getByRole('status').filter({ hasText: `Exported ${exportedIds.length} issues to ${download.suggestedFilename()}.` }).waitFor();
  });
});
