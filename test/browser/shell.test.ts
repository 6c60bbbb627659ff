import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, fillSignIn, launchChromium, openPage } from './support/browser';
import { type Account, type Portal, startPortal } from './support/portal';

const VIEWER = '{ viewer { email name roles { tenant role } } }';
const REFRESH = 'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }';
const REFRESH_TOKEN_KEY = 'tandem.refreshToken';

describe('the portal shell', () => {
  let portal: Portal;
  let browser: Browser;
  let coordinator: Account;
  let chair: Account;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    coordinator = await portal.createAccount({ email: 'Coordinator@vrt.example', name: 'Vera Coordinator', roles: [['vrt', 'coordinator']] });
    chair = await portal.createAccount({
      email: 'chair@both.example',
      name: 'Lena Chair',
      roles: [
        ['vrt', 'admin'],
        ['lrrt', 'committee'],
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('signs in, shows the round table and the viewer the API returns, switches round table, and signs out', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await expect.poll(() => page.title()).toBe('Sign in · Tandem');
    await checkPage(page, 'sign-in');

    // What the page shows is what the API says about this person.
    const viewer = await portal.gql<{ viewer: { email: string; name: string; roles: { tenant: string; role: string }[] } }>(
      VIEWER,
      {},
      await portal.signIn(chair),
    );
    expect(viewer.data?.viewer.roles).toEqual([
      { tenant: 'lrrt', role: 'committee' },
      { tenant: 'vrt', role: 'admin' },
    ]);

    await fillSignIn(page, chair);
    // A first visit opens the first round table the API lists.
    await page.waitForURL('**/t/lrrt/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const banner = page.getByRole('banner');
    await expect.poll(() => banner.getByTestId('current-round-table').textContent()).toBe('Library Research Round Table');
    await expect.poll(() => page.getByTestId('viewer-email').textContent()).toBe(viewer.data?.viewer.email);
    expect(await page.getByTestId('viewer-role').textContent()).toBe('Committee member');
    expect(await banner.getByText(viewer.data?.viewer.name ?? '?').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem').allInnerTexts()).toEqual([
      'Library Research Round Table',
      'Dashboard',
    ]);
    expect(await page.title()).toBe('Dashboard · LRRT · Tandem');
    await checkPage(page, 'dashboard');

    // Round tables: both of the person's, listed in the switcher.
    const switcher = banner.getByRole('button', { name: /Round table/ });
    await switcher.click();
    expect(await switcher.getAttribute('aria-expanded')).toBe('true');
    const menu = page.getByRole('navigation', { name: 'Switch round table' });
    expect(await menu.getByRole('link').allInnerTexts()).toEqual([
      expect.stringMatching(/Library Research Round Table/),
      expect.stringMatching(/Video Round Table/),
    ]);
    await checkPage(page, 'round-table-switcher');
    await menu.getByRole('link', { name: /Video Round Table/ }).click();
    await page.waitForURL('**/t/vrt/dashboard');
    await expect.poll(() => banner.getByTestId('current-round-table').textContent()).toBe('Video Round Table');
    await expect.poll(() => page.getByTestId('viewer-role').textContent()).toBe('Admin');
    expect(await menu.isHidden()).toBe(true);

    // The sections' navigation marks where one is.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Pairs' }).click();
    await page.waitForURL('**/t/vrt/pairs');
    await page.getByRole('heading', { level: 1, name: 'Pairs' }).waitFor();
    expect(await page.getByRole('link', { name: 'Pairs' }).getAttribute('aria-current')).toBe('page');

    // Phones: the sections sit behind a menu button.
    await page.setViewportSize({ width: 375, height: 812 });
    const sections = page.getByRole('navigation', { name: 'Sections' });
    expect(await sections.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await sections.getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL('**/t/vrt/applications');
    await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();
    await checkPage(page, 'phone-menu');

    // Sign out: back to the form, and the session is over on the server too.
    const refreshToken = await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY);
    expect(refreshToken).toBeTruthy();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?next=*');
    expect(await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY)).toBeNull();
    await expect.poll(async () => (await portal.gql(REFRESH, { t: refreshToken }, undefined)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a wrong password as an error in the form, and the API refuses it too', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await page.goto('/sign-in');
    await fillSignIn(page, { email: coordinator.email, password: 'not the password at all' });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/do not match an account/);
    expect(page.url()).toMatch(/\/sign-in$/);
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    const refused = await portal.gql('mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', {
      e: coordinator.email,
      p: 'not the password at all',
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await checkPage(page, 'sign-in-error');
    expect(errors.filter((error) => !/401|Unauthorized/.test(error))).toEqual([]);
    await context.close();
  });

  it('keeps a person with one round table signed in across a reload, with a skip link first in the tab order', async () => {
    const { context, page, errors } = await openPage(browser, portal.url);
    await page.goto('/t/vrt/pairs');
    await page.waitForURL('**/sign-in?next=%2Ft%2Fvrt%2Fpairs');
    await fillSignIn(page, coordinator);
    await page.waitForURL('**/t/vrt/pairs');
    const banner = page.getByRole('banner');
    expect(await banner.getByRole('button', { name: /Round table/ }).count()).toBe(0);
    await expect.poll(() => banner.getByTestId('current-round-table').textContent()).toBe('Video Round Table');

    const issued = await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Pairs' }).waitFor();
    // The reload exchanged the stored refresh token: the old one is spent on the server.
    const rotated = await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY);
    expect(rotated).not.toBe(issued);
    expect((await portal.gql(REFRESH, { t: issued })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/t/vrt/dashboard');
    const viewer = await portal.gql<{ viewer: { email: string } }>(VIEWER, {}, await portal.signIn(coordinator));
    await expect.poll(() => page.getByTestId('viewer-email').textContent()).toBe(viewer.data?.viewer.email);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await checkPage(page, 'dashboard-single-round-table');
    expect(errors).toEqual([]);
    await context.close();
  });
});
