import { describe, inject, it } from 'vitest';
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
