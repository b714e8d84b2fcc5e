import type { Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { activeCustomer } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { signIn } from '../../tools/console.ts';

const stack = inject('stack');
const shared = sharedBrowser();

describe('console connection', () => {
  it('says when the network is gone, and loads again by itself when it is back', async () => {
    await withPage(shared.browser, 'connection-lost', async (t) => {
      const { page, context } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await page.getByRole('table', { name: 'Customers' }).waitFor();

      await context.setOffline(true);
      await page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
      await page.getByRole('searchbox', { name: 'Search customers' }).fill('kerk');
      await page.getByRole('alert').filter({ hasText: 'Cannot reach the API server' }).waitFor();
      await t.screenshot('connection-lost');

      // Back online: live again, and the list re-fetched without anyone pressing "Try again".
      await context.setOffline(false);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      await page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).waitFor();
      await t.screenshot('connection-back');
    });
  });
});

describe('console when the API misbehaves', () => {
  it('says a mutation failed with a 500, keeps what was typed, and saves on the next try', async () => {
    const customer = await activeCustomer(stack.graphqlUrl, 3);
    await withPage(shared.browser, 'mutation-500', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: `/customers/${customer.number}` });
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit customer' });
      await dialog.getByLabel('Phone').fill('+31 344 555 010');
      // A number field: the browser hands the form a number, not text.
      await dialog.getByLabel('Grace (days)').fill('6');

      // A proxy or a crashed server answers the save with a bare 500.
      const failing = (route: Route) =>
        route.request().postData()?.includes('UpdateCustomer') ? route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>500 Internal Server Error</h1>' }) : route.fallback();
      await page.route(stack.graphqlUrl, failing);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByRole('alert').filter({ hasText: /server/i }).waitFor();
      expect(await dialog.getByLabel('Phone').inputValue()).toBe('+31 344 555 010');
      expect(await page.locator('body').innerText()).not.toMatch(/at .*\.js:\d+|TypeError|undefined/);
      await t.screenshot('mutation-500');

      await page.unroute(stack.graphqlUrl, failing);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('region', { name: 'Contact' }).getByText('+31 344 555 010').waitFor();
      await page.getByRole('region', { name: 'Billing' }).getByText('6 days').waitFor();
    });
  });

  it('shows that a slow list is loading instead of a blank page', async () => {
    await withPage(shared.browser, 'slow-network', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl);
      // Three seconds for every customer list request, as on a poor mobile link.
      await page.route(stack.graphqlUrl, async (route) => {
        if (route.request().postData()?.includes('CustomerList')) await new Promise((r) => setTimeout(r, 3000));
        await route.fallback();
      });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
      await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
      await t.screenshot('slow-network-loading');
      await page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).waitFor();
    });
  });
});
