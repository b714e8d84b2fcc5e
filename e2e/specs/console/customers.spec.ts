import { describe, expect, inject, it } from 'vitest';
import { activeCustomer } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { horizontalOverflow, isFocused, signIn } from '../../tools/console.ts';
import { sendAccounting } from '../../tools/radius.ts';

const stack = inject('stack');
const shared = sharedBrowser();

describe('console customers', () => {
  it('finds a customer as you type, opens their page and blocks them with a reason', async () => {
    const customer = await activeCustomer(stack.graphqlUrl, 0);
    await withPage(shared.browser, 'customer-block', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await page.getByRole('searchbox', { name: 'Search customers' }).fill(customer.name);
      const link = page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: customer.name, exact: true });
      await link.waitFor();
      await page.getByText(/^1–\d+ of \d+ customers$/).waitFor();
      await t.screenshot('customer-search');

      await link.click();
      await page.waitForURL(`${stack.consoleUrl}/customers/${customer.number}`);
      await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();

      await page.getByRole('button', { name: 'Block' }).click();
      const dialog = page.getByRole('dialog', { name: `Block ${customer.name}?` });
      await dialog.getByLabel('Reason').fill('E2E: unpaid invoice 2026-11');
      await dialog.getByRole('button', { name: 'Block' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('status').filter({ hasText: 'Blocked: E2E: unpaid invoice 2026-11' }).waitFor();
      const contact = page.getByRole('region', { name: 'Contact' });
      await contact.getByText('Blocked', { exact: true }).waitFor();
      await contact.getByText('E2E: unpaid invoice 2026-11').waitFor();
      await page.getByRole('button', { name: 'Unblock' }).waitFor();
      // The audit log follows live (auditLogAdded).
      await page.getByRole('region', { name: 'Audit log' }).getByText('customer.status', { exact: false }).first().waitFor();
      await t.screenshot('customer-blocked');
    });
  });

  it('shows a field error from the API next to the field it concerns', async () => {
    const customer = await activeCustomer(stack.graphqlUrl, 1);
    await withPage(shared.browser, 'customer-field-error', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: `/customers/${customer.number}` });
      await page.getByRole('button', { name: 'Edit' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Edit customer' });
      // Not a phone number: the browser cannot tell, the API can (InputValidationError, input.phone).
      await dialog.getByLabel('Phone').fill('call me maybe');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.locator('#customer-phone-error').getByText('is not a phone number').waitFor();
      expect(await dialog.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(dialog.getByLabel('Phone'))).toBe(true);
      await t.screenshot('customer-field-error');
    });
  });

  it('keeps the columns a staff member chose, across sign-ins', async () => {
    await withPage(shared.browser, 'customer-columns', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      const table = page.getByRole('table', { name: 'Customers' });
      await table.waitFor();
      await page.getByText('Columns', { exact: true }).click();
      const saved = page.waitForResponse((r) => r.request().postData()?.includes('UpdateMyPreferences') ?? false);
      await page.getByRole('checkbox', { name: 'E-mail' }).check();
      await page.getByRole('checkbox', { name: 'Phone' }).uncheck();
      await table.getByRole('columnheader', { name: 'E-mail' }).waitFor();
      await saved;
      await t.screenshot('customer-columns');

      // A new sign-in (another tab, another day) shows the same columns.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await table.getByRole('columnheader', { name: 'E-mail' }).waitFor();
      expect(await table.getByRole('columnheader', { name: 'Phone' }).count()).toBe(0);
    });
  });

  it('works for a technician on a 360×740 phone without sideways scrolling', async () => {
    const customer = await activeCustomer(stack.graphqlUrl, 2);
    await withPage(
      shared.browser,
      'customer-phone',
      async (t) => {
        const { page } = t;
        await signIn(page, stack.consoleUrl, { next: '/customers' });
        await page.getByRole('searchbox', { name: 'Search customers' }).fill(customer.name);
        const link = page.getByRole('link', { name: customer.name, exact: true });
        await link.waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('customer-phone-search');

        await link.click();
        await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
        await page.getByRole('region', { name: 'Services' }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        // Touch-sized: the actions are at least 44 px tall.
        const box = await page.getByRole('button', { name: 'Block' }).boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
        await t.screenshot('customer-phone-page');

        // The menu opens and closes from the keyboard.
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('customer-phone-menu');
        await page.keyboard.press('Escape');
        expect(await isFocused(page.getByRole('button', { name: 'Menu' }))).toBe(true);
      },
      { viewport: { width: 360, height: 740 }, isMobile: true },
    );
  });

  it('shows a customer’s ended sessions page by page and their traffic, following new sessions live', async () => {
    const { host, acctPort } = stack.radius;
    const run = `e2e-history-${Date.now()}`;
    const login = 'demo-mschap';
    const name = 'Demo MS-CHAPv2 Subscriber';
    const session = { 'User-Name': login, 'Acct-Session-Id': run, 'Framed-IP-Address': '100.64.0.88', 'Calling-Station-Id': '02-00-00-00-00-88' };
    await sendAccounting(host, acctPort, { ...session, 'Acct-Status-Type': 'Start' });
    await sendAccounting(host, acctPort, {
      ...session,
      'Acct-Status-Type': 'Interim-Update',
      'Acct-Session-Time': '60',
      'Acct-Input-Octets': '50000000',
      'Acct-Output-Octets': '750000000',
    });
    await sendAccounting(host, acctPort, {
      ...session,
      'Acct-Status-Type': 'Stop',
      'Acct-Session-Time': '120',
      'Acct-Input-Octets': '100000000',
      'Acct-Output-Octets': '1500000000',
      'Acct-Terminate-Cause': 'User-Request',
    });
    // Older sessions without traffic, enough for a second page of 20.
    for (let i = 0; i < 21; i++) {
      await sendAccounting(host, acctPort, {
        'User-Name': login,
        'Acct-Session-Id': `${run}-old-${i}`,
        'Acct-Status-Type': 'Stop',
        'Acct-Session-Time': String(3_600 + i * 60),
        'Acct-Terminate-Cause': 'Lost-Carrier',
      });
    }

    await withPage(shared.browser, 'customer-history', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await page.getByRole('searchbox', { name: 'Search customers' }).fill(name);
      await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();

      const history = page.getByRole('region', { name: 'Session history' });
      const table = history.getByRole('table', { name: 'Session history' });
      await table.getByRole('row').filter({ hasText: '100.64.0.88' }).filter({ hasText: 'User-Request' }).filter({ hasText: '1.5 GB / 100 MB' }).waitFor();
      await history.getByText(/^1–20 of \d+ sessions$/).waitFor();

      const traffic = page.getByRole('region', { name: /^Traffic/ });
      await traffic.getByText('1.5 GB download').first().waitFor();
      await traffic.getByText('100 MB upload').first().waitFor();
      expect(await traffic.getByRole('img', { name: /^Daily download and upload of demo-mschap, last 30 days/ }).count()).toBe(1);
      await t.screenshot('customer-history');

      // The second page; a session ending meanwhile is announced, not pushed into it.
      await history.getByRole('button', { name: 'Next' }).click();
      await history.getByText(/^21–\d+ of \d+ sessions$/).waitFor();
      await sendAccounting(host, acctPort, {
        'User-Name': login,
        'Acct-Session-Id': `${run}-live`,
        'Acct-Status-Type': 'Stop',
        'Framed-IP-Address': '100.64.0.89',
        'Acct-Session-Time': '30',
        'Acct-Output-Octets': '500000000',
        'Acct-Terminate-Cause': 'Idle-Timeout',
      });
      await history.getByRole('button', { name: '1 newer session — show' }).click();
      await table.getByRole('row').filter({ hasText: '100.64.0.89' }).filter({ hasText: 'Idle-Timeout' }).waitFor();
      await history.getByText(/^1–20 of \d+ sessions$/).waitFor();
      // The traffic follows live too.
      await traffic.getByText('2 GB download').first().waitFor();

      // Twelve months, per month, chosen from the keyboard.
      await traffic.getByRole('radio', { name: '30 days' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await traffic.getByRole('radio', { name: '12 months' }).isChecked()).toBe(true);
      await traffic.getByRole('img', { name: /^Monthly download and upload/ }).waitFor();
      await traffic.getByText('Last 12 months').waitFor();
      await t.screenshot('customer-history-live');
    });

    await withPage(
      shared.browser,
      'customer-history-phone',
      async (t) => {
        const { page } = t;
        await signIn(page, stack.consoleUrl, { next: '/customers' });
        await page.getByRole('searchbox', { name: 'Search customers' }).fill(name);
        await page.getByRole('link', { name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        const history = page.getByRole('region', { name: 'Session history' });
        await history.getByText('100.64.0.89').waitFor();
        const traffic = page.getByRole('region', { name: /^Traffic/ });
        await traffic.getByText('2 GB download').first().waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        // The chart shrinks to the phone's width.
        const chart = await traffic.getByRole('img').boundingBox();
        expect(chart?.width).toBeLessThanOrEqual(360);
        const next = await history.getByRole('button', { name: 'Next' }).boundingBox();
        expect(next?.height).toBeGreaterThanOrEqual(44);
        await t.screenshot('customer-history-phone');
      },
      { viewport: { width: 360, height: 740 }, isMobile: true, colorScheme: 'dark' },
    );
  });
});
