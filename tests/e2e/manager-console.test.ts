// The manager console in a real Chromium against a real local runtime: the process map (the worst
// wait called out, a rerouted step in the holding department's lane, outcome labels, the language
// switch), the KPI cards and the bounce report under it, one issue's path with its times, and the
// figures per period (selector, tables, weekly trend charts, CSV export) under the strict CSP.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenPages, cspViolationsSeen, launchBrowser, reopenSignedIn } from '../support/browser.ts';
import { closed, flowPlayers, type FlowPlayers } from '../support/flow-actors.ts';
import { startTestBaton, type TestBaton } from '../support/local-baton.ts';
import { flowVersions } from '#shared/flows/catalog.ts';

let baton: TestBaton;
let browser: Browser;
let the: FlowPlayers;
/** A billing dispute that bounced between sales and service, then closed. */
let bounced: { issueId: string };
/** A billing dispute rerouted twice, now waiting for a manager's decision in the management queue. */
let awaitingDecision: { issueId: string };
/** A product defect whose triage service rerouted to sales: sales holds it now. */
let reroutedTriage: { issueId: string };

/** Sales reroutes the review to service, service sends it back: the second reroute goes to a manager. */
async function bounceToManager(subject: string) {
  const submitted = await the.submit('billing-dispute', { subject });
  const first = await the.taskOf(submitted.issueId, 'review', { as: 'sales' });
  await the.complete('sales', first, 'reroute', { reason: 'A service contract invoice', toDepartment: 'service' });
  const second = await the.taskOf(submitted.issueId, 'review', { as: 'service', not: [first.taskId] });
  await the.complete('service', second, 'reroute', { reason: 'Invoices are sales’', toDepartment: 'sales' });
  return { ...submitted, decision: await the.taskOf(submitted.issueId, 'review-owner', { as: 'manager' }), reviews: [first.taskId, second.taskId] };
}

/** A product defect whose triage service reroutes to sales, until sales holds it. */
async function rerouteTriageToSales(subject: string) {
  const submitted = await the.submit('product-defect', { subject });
  const triage = await the.taskOf(submitted.issueId, 'triage', { as: 'service' });
  await the.complete('service', triage, 'reroute', { reason: 'A sales mistake, not a defect', toDepartment: 'sales' });
  await the.taskOf(submitted.issueId, 'triage', { as: 'sales', not: [triage.taskId] });
  return submitted;
}

/** A manager gives the bounced review to sales; sales and then service each hold their last step a minute of the runtime's clock. */
async function decideAndClose(bounce: Awaited<ReturnType<typeof bounceToManager>>) {
  await the.complete('manager', bounce.decision, 'assign_owner', { owner: 'sales', instructions: 'Sales reviews invoices' });
  // Each department holds its last step for a minute of the runtime's clock, so the held-time cards
  // name both (on a fast machine a step done at once would round to 0 s and leave its department out).
  const finalReview = await the.taskOf(bounce.issueId, 'review', { as: 'sales', not: bounce.reviews });
  baton.clock.advance(60_000);
  await the.complete('sales', finalReview, 'no_credit', { explanation: 'Correct' });
  const inform = await the.taskOf(bounce.issueId, 'inform-decision', { as: 'service' });
  baton.clock.advance(60_000);
  await the.complete('service', inform, 'customer_informed', { message: 'Explained' });
  await the.until(bounce.issueId, closed);
  return bounce;
}

/** The three issues are independent: each goes its own way at once (moving the clock only lengthens held times). */
async function playTheIssues() {
  the = await flowPlayers(baton);
  return Promise.all([
    bounceToManager('Charged twice for March').then(decideAndClose),
    bounceToManager('Invoice for the wrong site'),
    rerouteTriageToSales('Pump sold with the wrong seal'),
  ]);
}

beforeAll(async () => {
  [baton, browser] = await Promise.all([startTestBaton(), launchBrowser()]);
  // The manager signs in through the form on the first test's page, which the test then uses as it is (a sign-in
  // here drew the whole console once more for no test: on a busy 2-core machine a page's CPU is its cost).
  [bounced, awaitingDecision, reroutedTriage] = await playTheIssues();
}, 180_000);
// A page left open would keep polling the runtime through the file's later tests.
afterEach(closeOpenPages);
afterAll(async () => {
  await browser?.close();
  await baton?.dispose();
});

const signedInManager = (hash = ''): Promise<Page> => reopenSignedIn(browser, baton.url, 'manager', `/manager${hash}`);

const mapOf = (page: Page, flow: string) => page.getByRole('img', { name: `Process map: ${flow}` });
const kpi = (page: Page, key: string) => page.locator(`.kpi-card[data-kpi="${key}"] .kpi-value`);
/** The boxes drawn on the path: each box is named by its ASL state (a manager-decisions box by the step it belongs to). */
const pathBoxes = (page: Page) => page.locator('svg.process-map .step.on-path').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-box')));

// One page for the chosen flow's map: what is said above it and the figures under it are read from the same drawing (a
// page load is most of what a test here costs).
describe('the chosen flow at a glance: the worst wait above its map, the KPIs and the bounce report under it', () => {
  it('names the worst wait in words from the live counts, shows the flow’s figures as cards, and its bounces per step with the departments they went between', async () => {
    // Prepare
    const page = await signedInManager();
    await mapOf(page, 'Product defect').waitFor();
    await page.locator('.bounce-report', { hasText: 'No bounces' }).waitFor();
    // Act
    await page.getByRole('combobox', { name: 'Flow' }).selectOption('billing-dispute');
    // Assess: the worst wait is the decision about the review (a second reroute waits for a manager).
    await mapOf(page, 'Billing dispute').waitFor();
    const live = (await baton.request('GET', '/api/flows/billing-dispute/map', { token: the.tokens.manager })).body;
    expect(live.callout).toMatchObject({ node: 'decisions:Review the dispute', reason: 'waiting', open: 1, overdueNow: 0 });
    const callout = page.locator('.map-callout');
    await expect.poll(() => callout.getAttribute('data-node')).toBe('decisions:Review the dispute');
    expect(await callout.textContent()).toMatch(/^Issues wait longest at “Manager decisions: Review the dispute” \(Management\): 1 unclaimed, the oldest for /);
    // Counts mean now: nothing is overdue now, no late issue waits for a manager, the past breaches are told apart.
    const decisionRow = page.locator('table.map-table tr[data-node="decisions:Review the dispute"] td.number');
    expect(await decisionRow.allTextContents()).toEqual(['1', '0', '0', '0', expect.any(String), '0']);
    expect(await page.locator('table.map-table thead th').allTextContents()).toEqual(expect.arrayContaining(['Overdue now', 'Late, with a manager', 'SLA breaches so far']));
    // Readable at 1280 px: the map is drawn at its own size (scrolling sideways), never shrunk.
    const sizes = await page.locator('svg.process-map .step-counts').evaluateAll((texts) => texts.map((text) => text.getBoundingClientRect().height));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // Assess: the KPI cards and the bounce report
    await expect.poll(() => kpi(page, 'kpiClosedIssues').textContent()).toBe(String(live.kpis.closedIssues));
    expect(live.kpis).toMatchObject({ closedIssues: 1, openIssues: 1, bounces: 2, reroutes: 4 });
    expect(await kpi(page, 'kpiOpenIssues').textContent()).toBe('1');
    expect(await kpi(page, 'bounces').textContent()).toBe('2');
    expect(await kpi(page, 'reroutes').textContent()).toBe('4');
    expect(await page.locator('.kpi-card[data-kpi="kpiHeld"] dt').allTextContents()).toEqual(expect.arrayContaining(['Sales', 'Service']));
    const row = page.locator('table.bounce-table tbody tr');
    expect(await row.count()).toBe(1);
    expect((await row.locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(['Review the dispute', 'Service → Sales', '2']);
  });
});

describe('one issue’s path on the process map', () => {
  it('opening an issue from the queue switches the map to its flow and highlights the steps of its path, until cleared', async () => {
    // Prepare: the map shows another flow.
    const page = await signedInManager();
    await mapOf(page, 'Product defect').waitFor();
    // Act
    await page.locator('li.task-row', { hasText: 'Invoice for the wrong site' }).locator('.task-open').click();
    // Assess
    await mapOf(page, 'Billing dispute').waitFor();
    const legend = page.locator('.path-legend');
    await legend.getByText('Path of “Invoice for the wrong site”').waitFor();
    expect(await legend.locator('.path-steps .path-step').allTextContents()).toEqual(['Review the dispute', 'Review the dispute', 'Manager decisions: Review the dispute']);
    await expect.poll(() => pathBoxes(page)).toEqual(['Review the dispute', 'decisions:Review the dispute']);
    expect(await page.locator('svg.process-map .step.on-path .path-badge').allTextContents()).toEqual(['1·2', '3']);
    // Where it is now: the manager's decision, marked on the map and in the legend.
    expect(await page.locator('svg.process-map .step.is-current').getAttribute('data-box')).toBe('decisions:Review the dispute');
    expect(await legend.locator('li.path-current .path-step').textContent()).toBe('Manager decisions: Review the dispute');
    expect(await page.locator('svg.process-map .step[data-box="Tell the customer the decision"]:not(.on-path)').count()).toBe(1);
    // Act: clear it.
    await legend.getByRole('button', { name: 'Clear path' }).click();
    // Assess
    await expect.poll(() => pathBoxes(page)).toEqual([]);
    expect(await page.locator('.path-legend').count()).toBe(0);
    expect(await page.locator('#issue-title, .issue-panel').first().isVisible()).toBe(true);
  });

  it('an issue named in the address (a link, the back button) draws its path too', async () => {
    // Prepare
    const page = await signedInManager();
    await mapOf(page, 'Product defect').waitFor();
    // Act
    await page.evaluate((issueId) => {
      location.hash = `#issue=${issueId}`;
    }, bounced.issueId);
    // Assess
    await page.locator('.path-legend').getByText('Path of “Charged twice for March”').waitFor();
    await expect.poll(() => pathBoxes(page)).toEqual(['Review the dispute', 'Tell the customer the decision', 'decisions:Review the dispute']);
    const view = await the.view(bounced.issueId);
    expect(await page.locator('.path-legend .path-steps li').count()).toBe(view.path.length);
    // Each visit names the department that held it and how long it took; a closed issue is nowhere now.
    const times = await page.locator('.path-legend .path-time').allTextContents();
    expect(times.map((text) => text.replace(/ · .*/, ')'))).toEqual(['(Sales)', '(Service)', '(Management)', '(Sales)', '(Service)']);
    expect(times.every((text) => / · (under 1 min|\d+ (min|h|d))/.test(text))).toBe(true);
    expect(await page.locator('svg.process-map .step.is-current').count()).toBe(0);
    expect(await page.locator('table.map-table tr.on-path').count()).toBe(new Set(view.path).size);
    // The other issue, opened the same way, replaces it.
    await page.evaluate((issueId) => {
      location.hash = `#issue=${issueId}`;
    }, awaitingDecision.issueId);
    await page.locator('.path-legend').getByText('Path of “Invoice for the wrong site”').waitFor();
  });
});

describe('the figures per period', () => {
  const figure = (page: Page, key: string) => page.locator(`.figures-panel .kpi-card[data-figure="${key}"] .kpi-value`);

  it('show the period’s figures, per version and week with trend charts, and export each table as CSV', async () => {
    // Prepare: today, one dispute closed after two reroutes (one a bounce), one waiting for a manager
    // (and a product defect rerouted, in another flow).
    const page = await signedInManager();
    const panel = page.locator('.figures-panel');
    // Act
    await panel.getByRole('button', { name: 'Today' }).click();
    await panel.locator('select[name="flowId"] option[value="billing-dispute"]').waitFor({ state: 'attached' });
    await panel.locator('select[name="flowId"]').selectOption('billing-dispute');
    // Assess
    await expect.poll(() => figure(page, 'figuresOpened').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await figure(page, 'figuresClosed').textContent()).toBe('1');
    expect(await figure(page, 'figuresFirstTimeRight').textContent()).toBe('0 %');
    expect(await figure(page, 'figuresReroutesPer100').textContent()).toBe('200');
    expect(await figure(page, 'figuresBouncesPer100').textContent()).toBe('100');
    // Nothing customers can give yet shows as such, not as a number.
    expect(await figure(page, 'figuresRating').textContent()).toBe('no ratings given yet');
    expect(await figure(page, 'figuresReopenRate').textContent()).toBe('no reopenings recorded yet');
    expect(await panel.locator('[data-table="versions"] tbody th').allTextContents()).toEqual([`Billing dispute · version ${flowVersions['billing-dispute']}`]);
    // Steps by the names staff read, not their ids.
    expect(await panel.locator('[data-table="steps"] tbody th').allTextContents()).toEqual(expect.arrayContaining(['Review the dispute', 'Decide who owns the review']));
    // The weekly trends are drawn (uPlot's canvases), with no CSP violation.
    await panel.locator('.trend-chart canvas').first().waitFor();
    expect(await panel.locator('.trend-chart canvas').count()).toBe(2);
    expect(cspViolationsSeen()).toEqual([]);

    // A custom range that holds no day of the issues: nothing counted.
    await panel.getByRole('button', { name: 'Custom range' }).click();
    await panel.getByLabel('From').fill('2020-01-01');
    await panel.getByLabel('To').fill('2020-01-31');
    await expect.poll(() => figure(page, 'figuresOpened').textContent()).toBe('0');
    expect(await figure(page, 'figuresEndToEnd').textContent()).toBe('none yet');

    // The steps table of the last 7 days as CSV: the API's table, with a byte order mark for spreadsheets.
    await panel.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => figure(page, 'figuresOpened').textContent()).toBe('2');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-export="steps"]').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFstep,nameEn,nameZh,waitBeforeClaimP50Seconds,waitBeforeClaimP90Seconds,workP50Seconds,workP90Seconds,slaMet,slaMissed,slaPercent\r\n')).toBe(true);
    expect(csv).toContain('\r\nreview,Review the dispute,审核争议,');
    expect(download.suggestedFilename()).toMatch(/^baton-figures-steps-(all|billing-dispute)-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});

describe('the process map at a glance', () => {
  it('draws a rerouted step in the lane of the department holding it, and the issue’s path through it', async () => {
    // Act
    const page = await signedInManager(`#issue=${reroutedTriage.issueId}`);
    // Assess
    await mapOf(page, 'Product defect').waitFor();
    const moved = page.locator('svg.process-map .step[data-box="Triage the issue@sales"]');
    await moved.waitFor();
    expect(await moved.getAttribute('data-department')).toBe('sales');
    expect(await moved.locator('.step-header').textContent()).toBe('rerouted from Service');
    const salesLane = await page.locator('svg.process-map .lane-sales .lane-band').boundingBox();
    const box = await moved.locator('.step-box').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(salesLane!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(salesLane!.y + salesLane!.height);
    const live = (await baton.request('GET', '/api/flows/product-defect/map', { token: the.tokens.manager })).body;
    expect(live.nodes.find((node: any) => node.id === 'Triage the issue@sales').counts.open).toBe(1);
    // The path: triaged in service, now held by sales in the rerouted box.
    await expect.poll(() => pathBoxes(page)).toEqual(['Triage the issue', 'Triage the issue@sales']);
    expect(await page.locator('svg.process-map .step.is-current').getAttribute('data-box')).toBe('Triage the issue@sales');
    expect(await page.locator('.path-legend li.path-current .path-time').textContent()).toMatch(/^\(Sales · now, /);
  });

  it('is drawn from the placement recorded for the flow version (no layout library loaded, the flow list asked once), its ways labelled with the outcomes that take them', async () => {
    // Act
    const page = await signedInManager();
    await mapOf(page, 'Product defect').locator('.step').first().waitFor();
    // Assess: every box the map holds is drawn, with no request for ELK's script (1.5 MB).
    const live = (await baton.request('GET', '/api/flows/product-defect/map', { token: the.tokens.manager })).body;
    expect(await page.locator('svg.process-map').locator('.step, .flow-state').count()).toBe(live.nodes.length);
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    expect(requested.filter((path) => path.includes('elk'))).toEqual([]);
    expect(requested.filter((path) => path === '/api/flows')).toHaveLength(1);
    // Assess: the labels of the ways, on the same map (a page load is most of what a test here costs).
    const label = (from: string, to: string) => page.locator(`svg.process-map .edge-label[data-from="${from}"][data-to="${to}"] title`).textContent();
    expect(await label('Triage the issue', 'Confirm with the customer')).toBe('Not a defect: confirm with the customer');
    const remedy = live.edges.find((edge: any) => edge.from === 'Offer a remedy' && edge.to === 'Ship a replacement');
    expect(remedy.outcomes.map((outcome: any) => outcome.id)).toEqual(['replacement']);
    expect(await label('Offer a remedy', 'Ship a replacement')).toBe(remedy.outcomes[0].label.en);
    // Manager decisions and the rerouted step carry no outcome: their lines are not labelled.
    expect(await page.locator('svg.process-map .edge-label[data-to^="decisions:"]').count()).toBe(0);
  });
});

// One page for the whole console in Chinese: each part is drawn from the same switch, and a page load is most of what a test here costs.
describe('the console in Chinese', () => {
  it('switches everything with the page: the map with its step names and manager decisions (none cut off), the KPIs, the bounce report and the figures with their steps', async () => {
    // Prepare
    const page = await signedInManager();
    await mapOf(page, 'Product defect').waitFor();
    const live = (await baton.request('GET', '/api/flows/product-defect/map', { token: the.tokens.manager })).body;
    const zh = (id: string) => live.nodes.find((node: any) => node.id === id).name.zh;
    // Act
    await page.getByRole('button', { name: '中文' }).click();
    // Assess: the map
    const map = page.getByRole('img', { name: '流程全景图：产品缺陷' });
    await map.waitFor();
    const nameOf = (id: string) => map.locator(`.step[data-box="${id}"] .step-name`).allTextContents().then((lines) => lines.join(''));
    await expect.poll(() => nameOf('Triage the issue')).toBe(zh('Triage the issue'));
    expect(await nameOf('Offer a remedy')).toBe(zh('Offer a remedy'));
    const decisions = map.locator('.step[data-box="decisions:Find the root cause"]');
    expect(await decisions.locator('.step-header').textContent()).toBe('经理决定');
    expect(await nameOf('decisions:Find the root cause')).toBe(zh('Find the root cause'));
    expect(await map.locator('.lane-label').allTextContents()).toEqual(expect.arrayContaining(['服务', '生产', '销售', '管理']));
    expect(await map.locator('.step-counts').first().textContent()).toContain('待认领');
    expect(await page.locator('.map-callout').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await map.locator('.edge-label[data-from="Triage the issue"][data-to="Confirm with the customer"] title').textContent()).toBe(
      live.edges.find((edge: any) => edge.from === 'Triage the issue' && edge.to === 'Confirm with the customer').outcomes[0].label.zh,
    );
    // Assess: the KPIs and the bounce report under the map
    await page.getByRole('heading', { name: '踢皮球报告' }).waitFor();
    expect(await page.getByRole('heading', { name: '本流程关键指标' }).count()).toBe(1);
    expect(await page.locator('.kpi-card[data-kpi="kpiClosedIssues"] .kpi-label').textContent()).toBe('已结客户问题');
    // Assess: the figures per period, their steps named in Chinese
    await page.getByRole('heading', { name: '按时段统计的指标' }).waitFor();
    const panel = page.locator('.figures-panel');
    await panel.getByRole('button', { name: '最近 30 天' }).click();
    await expect.poll(() => panel.locator('[data-table="steps"] tbody th').allTextContents(), { timeout: 30_000 }).toEqual(expect.arrayContaining(['审核争议', '决定审核争议由哪个部门负责']));
    expect(await panel.locator('.kpi-card[data-figure="figuresRating"] .kpi-value').textContent()).toBe('尚无客户评分');
    expect(await page.getByRole('heading', { name: '当前未结问题，按已开天数' }).count()).toBe(1);
  });
});
