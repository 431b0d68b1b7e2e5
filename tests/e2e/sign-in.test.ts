// Staff sign-in in a real Chromium against a real local runtime: the console signs in through the
// Cognito protocol the local identity speaks (the same code path as against Cognito on AWS), the
// session survives a reload and a new tab, and signing out ends it everywhere, refresh token included.
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenPages, launchBrowser, openPage } from '../support/browser.ts';
import { localIdentityClient, startTestBaton, type TestBaton } from '../support/local-baton.ts';
import { localClientId } from '#infra/local/identity/identity-endpoint.ts';

let baton: TestBaton;
let browser: Browser;

beforeAll(async () => {
  [baton, browser] = await Promise.all([startTestBaton(), launchBrowser()]);
});
// A page left open would keep polling the runtime through the file's later tests.
afterEach(closeOpenPages);
afterAll(async () => {
  await browser?.close();
  await baton?.dispose();
});

async function fillSignIn(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const storedSession = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('baton.session') ?? 'null') as { refreshToken: string } | null);

describe('staff sign-in in the browser', () => {
  it('signs in, stays signed in across a reload and in a new tab, and sign-out ends the session and its refresh token', async () => {
    // Prepare
    const { context, page } = await openPage(browser);
    const identityCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/cognito/')) identityCalls.push(request.headers()['x-amz-target'] ?? '');
    });
    await page.goto(`${baton.url}/staff`);
    // Act: sign in
    await fillSignIn(page, 'service', 'baton');
    // Assess
    await page.getByText('Signed in as service').waitFor();
    expect(identityCalls).toEqual(['AWSCognitoIdentityProviderService.InitiateAuth']);
    const session = await storedSession(page);
    expect(session?.refreshToken).toEqual(expect.any(String));

    // Act: reload, then a new tab in the same browser
    await page.reload();
    await page.getByText('Signed in as service').waitFor();
    const second = await context.newPage();
    await second.goto(`${baton.url}/manager`);
    // Assess
    await second.getByText('Signed in as service').waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);

    // Act: sign out in the first tab
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Assess: signed out here, in a new load of the other tab, and the copied refresh token is dead
    await page.getByLabel('Password').waitFor();
    expect(await storedSession(page)).toBeNull();
    await second.reload();
    await second.getByLabel('Password').waitFor();
    expect(identityCalls).toContain('AWSCognitoIdentityProviderService.RevokeToken');
    const cognito = localIdentityClient(baton.url);
    const refreshed = await cognito
      .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: localClientId, AuthParameters: { REFRESH_TOKEN: session!.refreshToken } }))
      .then(() => 'refreshed', (error: Error) => error.name);
    cognito.destroy();
    expect(refreshed).toBe('NotAuthorizedException');
    await context.close();
  });

  it('a wrong password is refused in the person’s words and nothing is stored', async () => {
    // Prepare
    const { context, page } = await openPage(browser);
    await page.goto(`${baton.url}/staff`);
    // Act
    await fillSignIn(page, 'service', 'not-the-password');
    // Assess
    await page.getByRole('alert').getByText('Unknown username or wrong password.').waitFor();
    expect(await storedSession(page)).toBeNull();
    await context.close();
  });

  it('an expired access token is refreshed without asking the person to sign in again', async () => {
    // Prepare: signed in, then the stored access token made to look expired
    const { context, page } = await openPage(browser);
    await page.goto(`${baton.url}/staff`);
    await fillSignIn(page, 'sales', 'baton');
    await page.getByText('Signed in as sales').waitFor();
    const before = await page.evaluate(() => localStorage.getItem('baton.session'));
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('baton.session')!);
      localStorage.setItem('baton.session', JSON.stringify({ ...session, accessToken: 'expired', expiresAt: Date.now() - 1000 }));
    });
    // Act
    await page.reload();
    // Assess
    await page.getByText('Signed in as sales').waitFor();
    const after = JSON.parse((await page.evaluate(() => localStorage.getItem('baton.session')))!);
    expect(after.accessToken).not.toBe('expired');
    expect(after.refreshToken).toBe(JSON.parse(before!).refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now());
    await context.close();
  });
});
