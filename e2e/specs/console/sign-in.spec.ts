import { describe, expect, inject, it } from 'vitest';
import { createStaffWithTotp, gql } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { sessionToken } from '../../tools/console.ts';

const stack = inject('stack');
const shared = sharedBrowser();

describe('console sign-in', () => {
  it('signs a staff member in with a password and a TOTP code, back to the page they asked for', async () => {
    const staff = await createStaffWithTotp(stack.graphqlUrl, { username: 'e2e-totp', password: 'e2e-password-123', role: 'Administrator' });
    await withPage(shared.browser, 'sign-in-totp', async (t) => {
      const { page } = t;
      await page.goto(`${stack.consoleUrl}/customers?search=kerk`);
      await page.waitForURL(/\/login\?redirectTo=%2Fcustomers%3Fsearch%3Dkerk/);
      await page.getByLabel('Username').fill(staff.username);
      await page.getByLabel('Password').fill(staff.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // The API asks for the second factor; a wrong code is refused next to the field.
      const code = page.getByLabel('Two-factor code');
      await code.waitFor();
      await page.waitForFunction("document.activeElement?.id === 'totpCode'");
      await code.fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.locator('#totpCode-error').waitFor();
      expect(await code.getAttribute('aria-invalid')).toBe('true');
      await t.screenshot('sign-in-totp-wrong-code');

      await code.fill(staff.code());
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${stack.consoleUrl}/customers?search=kerk`);
      await page.getByRole('table', { name: 'Customers' }).waitFor();
      expect(await page.getByRole('searchbox', { name: 'Search customers' }).inputValue()).toBe('kerk');
      await page.getByText('E2E e2e-totp').waitFor();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      await t.screenshot('sign-in-totp-signed-in');

      // Signing out revokes the token on the server.
      const token = await sessionToken(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${stack.consoleUrl}/login`);
      const response = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      expect(response.status).toBe(401);
    });
  });

  it('sends a staff member whose session was revoked back to sign in, keeping the page', async () => {
    await withPage(shared.browser, 'session-expired', async (t) => {
      const { page } = t;
      await page.goto(`${stack.consoleUrl}/login`);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('backhaul-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'attached' });
      await page.goto(`${stack.consoleUrl}/customers`);
      await page.getByRole('table', { name: 'Customers' }).waitFor();

      // The session ends elsewhere (revoked, expired): the next request answers 401.
      const token = await sessionToken(page);
      await gql(stack.graphqlUrl, 'mutation { logout }', {}, token);
      await page.getByRole('searchbox', { name: 'Search customers' }).fill('mulder');
      await page.waitForURL(/\/login\?redirectTo=.*&reason=expired/);
      await page.getByText('Your session has ended').waitFor();
      await t.screenshot('session-expired');
    });
  });
});
