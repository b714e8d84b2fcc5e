import { describe, expect, inject, it } from 'vitest';
import { createStaffWithTotp } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { horizontalOverflow, isFocused, signIn } from '../../tools/console.ts';
import { authenticate, DEMO_SECRET } from '../../tools/radius.ts';

const stack = inject('stack');
const shared = sharedBrowser();

describe('console network', () => {
  it('creates a tariff with a burst, showing the API’s burst rule next to its field first', async () => {
    const name = `E2E Burst ${Date.now()}`;
    await withPage(shared.browser, 'network-tariff', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/network/tariffs' });
      await page.getByRole('table', { name: 'Tariffs' }).getByRole('cell', { name: 'Home 100', exact: true }).waitFor();
      await page.getByRole('button', { name: 'New tariff' }).click();
      const dialog = page.getByRole('dialog', { name: 'New tariff' });
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await dialog.getByRole('textbox', { name: 'Download', exact: true }).fill('10000');
      await dialog.getByRole('textbox', { name: 'Upload', exact: true }).fill('2000');
      await dialog.getByRole('checkbox', { name: 'Allow bursts above the speed' }).check();
      // Switching burst on suggests values that follow the rules; make one break them.
      await dialog.getByLabel('Burst rate, download').fill('5000');
      await dialog.getByRole('textbox', { name: 'Price', exact: true }).fill('19,99');
      await dialog.getByText('1600k/8000k 16/16 8').waitFor();
      await dialog.getByRole('button', { name: 'Create tariff' }).click();

      // The burst rule is the server's: its InputValidationError names input.burstDownloadKbps.
      const burst = dialog.getByLabel('Burst rate, download');
      await dialog.locator('#tariff-burstDownloadKbps-error').getByText('must be above the download speed').waitFor();
      expect(await burst.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(burst)).toBe(true);
      await t.screenshot('network-tariff-field-error');

      await burst.fill('15000');
      await dialog.getByText('2000k/10000k 3000k/15000k 1600k/8000k 16/16 8').waitFor();
      await dialog.getByRole('button', { name: 'Create tariff' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').filter({ hasText: `Tariff ${name} created.` }).waitFor();
      const row = page.getByRole('table', { name: 'Tariffs' }).getByRole('row').filter({ hasText: name });
      await row.getByText('15 / 3 Mbit/s', { exact: true }).waitFor();
      await row.getByText('under 8 / 1.6 Mbit/s for 16 s').waitFor();
      await row.getByText('19.99 / month').waitFor();
      await t.screenshot('network-tariff-created');
    });
  });

  it('shows a router’s RADIUS secret only on request, and when it was last heard from', async () => {
    await withPage(shared.browser, 'network-router-secret', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/network/routers' });
      const row = page.getByRole('table', { name: 'Routers' }).getByRole('row').filter({ hasText: 'Tiel core' });
      await row.waitFor();
      // The secret is nowhere on the page until asked for.
      expect(await page.getByText(DEMO_SECRET).count()).toBe(0);
      await row.getByText(/ago$|^never$/).waitFor();
      // The live rates from radiusRates (a per-second rate appears once RADIUS has reported).
      await row.getByText(/^\d+(\.\d)?\/s accepted$/).waitFor();
      await t.screenshot('network-routers');

      await row.getByRole('button', { name: 'Show secret of Tiel core' }).click();
      const dialog = page.getByRole('dialog', { name: 'Secrets of Tiel core' });
      expect(await dialog.getByLabel('RADIUS shared secret').inputValue()).toBe(DEMO_SECRET);
      await dialog.getByText(/Hidden again in \d+ s\./).waitFor();
      await dialog.getByRole('button', { name: 'Copy RADIUS secret' }).click();
      await dialog.getByText(/^Secret (copied|selected)/).waitFor();
      await t.screenshot('network-router-secret');

      await dialog.getByRole('button', { name: 'Close' }).last().click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.getByLabel('RADIUS shared secret').count()).toBe(0);
    });
  });

  it('opens an IP network from the list and shows its utilisation and who holds its addresses', async () => {
    await withPage(shared.browser, 'network-ip', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/network/ip-networks' });
      await page.getByRole('table', { name: 'IP networks' }).getByRole('meter', { name: '192.0.2.0/24 utilisation' }).waitFor();
      await t.screenshot('network-ip-list');

      await page.getByRole('link', { name: '192.0.2.0/24' }).click();
      await page.waitForURL(/\/network\/ip-networks\/\d+$/);
      await page.getByRole('heading', { level: 1, name: '192.0.2.0/24' }).waitFor();
      const meter = page.getByRole('region', { name: 'Utilisation' }).getByRole('meter', { name: '192.0.2.0/24 utilisation' });
      expect(await meter.getAttribute('aria-valuetext')).toMatch(/^\d+ of 254 used/);
      const assignments = page.getByRole('table', { name: 'Assignments of 192.0.2.0/24' });
      await assignments.getByRole('link', { name: 'Demo PAP Subscriber' }).waitFor();

      // "Who has 192.0.2.2": the search is in the URL, so the result is a link.
      await page.getByLabel('Address or block').fill('192.0.2.2');
      await page.waitForURL(/within=192\.0\.2\.2/);
      await assignments.getByText('demo-pap', { exact: true }).waitFor();
      await page.getByText(/^1–1 of 1 assignments$/).waitFor();
      await t.screenshot('network-ip-detail');

      await assignments.getByRole('link', { name: 'Demo PAP Subscriber' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demo PAP Subscriber' }).waitFor();
    });
  });

  it('lists a wrong password live in the RADIUS log filtered to rejects, and keeps the filter on the way back', async () => {
    await withPage(shared.browser, 'network-radius-log', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/network/radius-log' });
      await page.getByRole('combobox', { name: 'Result' }).selectOption('REJECT');
      await page.waitForURL(/result=REJECT/);
      await page.getByText('Live: new entries appear at the top as RADIUS writes them.').waitFor();

      // The NAS (radclient) sends a wrong password; the open page follows without a reload.
      const reply = await authenticate(stack.radius.host, stack.radius.authPort, 'demo-pap', 'not-the-password');
      expect(reply.code).toBe('Access-Reject');
      const table = page.getByRole('table', { name: 'RADIUS log' });
      const row = table.getByRole('row').filter({ hasText: 'demo-pap' }).filter({ hasText: 'wrong password' });
      await row.first().waitFor();

      await page.getByRole('combobox', { name: 'Reject reason' }).selectOption('BAD_PASSWORD');
      await page.waitForURL(/reason=BAD_PASSWORD/);
      await row.first().waitFor();
      expect(await table.getByText(/^Accepted/).count()).toBe(0);
      await t.screenshot('network-radius-log-rejects');

      // A row links to the customer; back again, the filtered log is as it was.
      await row.first().getByRole('link', { name: 'Demo PAP Subscriber' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demo PAP Subscriber' }).waitFor();
      await page.goBack();
      await page.waitForURL(/result=REJECT&reason=BAD_PASSWORD/);
      expect(await page.getByRole('combobox', { name: 'Reject reason' }).inputValue()).toBe('BAD_PASSWORD');
      await row.first().waitFor();
    });
  });

  it('shows a read-only role the network without the actions it may not take', async () => {
    const viewer = await createStaffWithTotp(stack.graphqlUrl, { username: `e2e-net-ro-${Date.now()}`, password: 'read-only-password-1', role: 'Read-only' });
    await withPage(shared.browser, 'network-read-only', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { username: viewer.username, password: viewer.password, code: viewer.code, next: '/network/tariffs' });
      await page.getByRole('table', { name: 'Tariffs' }).getByText('Home 100').waitFor();
      expect(await page.getByRole('button', { name: 'New tariff' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);

      await page.getByRole('navigation', { name: 'Network' }).getByRole('link', { name: 'Routers' }).click();
      await page.getByRole('table', { name: 'Routers' }).getByRole('row').filter({ hasText: 'Tiel core' }).waitFor();
      expect(await page.getByRole('button', { name: /Show secret/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'New router' }).count()).toBe(0);
      await t.screenshot('network-read-only');
    });
  });

  it('says so when the API fails, and loads the list on retry', async () => {
    await withPage(shared.browser, 'network-api-failure', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/network' });
      // The section opens its first page; then the API answers the IP network list with a 500.
      await page.getByRole('heading', { level: 1, name: 'Tariffs' }).waitFor();
      await page.route(stack.graphqlUrl, (route) =>
        route.request().postData()?.includes('IpNetworkList') ? route.fulfill({ status: 500, body: 'Internal Server Error' }) : route.fallback(),
      );
      await page.getByRole('navigation', { name: 'Network' }).getByRole('link', { name: 'IP networks' }).click();
      await page.getByRole('alert').getByText('The API server failed (HTTP 500). Try again in a moment.').waitFor();
      await t.screenshot('network-api-failure');

      await page.unroute(stack.graphqlUrl);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('table', { name: 'IP networks' }).getByRole('link', { name: '192.0.2.0/24' }).waitFor();
    });
  });

  it('works on a 360×740 phone in dark mode without sideways scrolling', async () => {
    await withPage(
      shared.browser,
      'network-phone',
      async (t) => {
        const { page } = t;
        await signIn(page, stack.consoleUrl, { next: '/network/routers' });
        const row = page.getByRole('table', { name: 'Routers' }).getByRole('row').filter({ hasText: 'Tiel core' });
        await row.waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        const box = await row.getByRole('button', { name: 'Show secret of Tiel core' }).boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
        await t.screenshot('network-phone-routers');

        await page.goto(`${stack.consoleUrl}/network/ip-networks`);
        await page.getByRole('link', { name: '192.0.2.0/24' }).click();
        await page.getByRole('table', { name: 'Assignments of 192.0.2.0/24' }).getByRole('link', { name: 'Demo PAP Subscriber' }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('network-phone-ip-detail');

        await page.goto(`${stack.consoleUrl}/network/radius-log`);
        await page.getByRole('table', { name: 'RADIUS log' }).getByRole('row').nth(1).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('network-phone-radius-log');

        await page.goto(`${stack.consoleUrl}/network/tariffs`);
        await page.getByRole('button', { name: 'New tariff' }).click();
        await page.getByRole('dialog', { name: 'New tariff' }).getByRole('checkbox', { name: 'Allow bursts above the speed' }).check();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('network-phone-tariff-form');
      },
      { viewport: { width: 360, height: 740 }, isMobile: true, colorScheme: 'dark' },
    );
  });
});
