/** Steps in the console a person takes, with role-based locators. */
import type { Locator, Page } from 'playwright-core';
import { DEMO_ADMIN } from './api.ts';

/** Signs in on the console's sign-in page; with `code`, answers the two-factor step too. */
export async function signIn(
  page: Page,
  consoleUrl: string,
  options: { username?: string; password?: string; code?: () => string; next?: string } = {},
): Promise<void> {
  await page.goto(`${consoleUrl}${options.next ?? '/'}`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(options.username ?? DEMO_ADMIN.username);
  await page.getByLabel('Password').fill(options.password ?? DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.code) {
    await page.getByLabel('Two-factor code').fill(options.code());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  // Signed in: the live connection (shown on every staff page, phone or desktop) is up.
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

/** Whether the page scrolls sideways (it must not, down to 360 px). */
export function horizontalOverflow(page: Page): Promise<number> {
  // A string, evaluated in the page: e2e is type-checked without the DOM library.
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Whether the element is the focused one (the keyboard is on it). */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}

/** The signed-in console session's API token, as the page keeps it. */
export function sessionToken(page: Page): Promise<string> {
  return page.evaluate<string>("JSON.parse(sessionStorage.getItem('backhaul-console-session') ?? '{}').token");
}
