import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStaffWithTotp, customerWithService, setDemoNasCoaPort } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { horizontalOverflow, signIn } from '../../tools/console.ts';
import { authenticate, sendAccounting, startCoaListener } from '../../tools/radius.ts';
import type { Page } from 'playwright-core';

/**
 * What staff do in the console reaching the network: a block changes the next RADIUS answer, a
 * disconnect reaches the NAS, and a technician on a phone gets a customer online.
 */
const stack = inject('stack');
const shared = sharedBrowser();
let nas: Awaited<ReturnType<typeof startCoaListener>>;
let previousCoaPort: number;

beforeAll(async () => {
  nas = await startCoaListener();
  previousCoaPort = await setDemoNasCoaPort(stack.graphqlUrl, nas.port);
});

afterAll(async () => {
  await setDemoNasCoaPort(stack.graphqlUrl, previousCoaPort);
  nas.close();
});

/** A unique login per run, so reruns against the same stack don't collide. */
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

async function openCustomer(page: Page, name: string, number: number): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search customers' }).fill(name);
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.waitForURL(`${stack.consoleUrl}/customers/${number}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function startSession(login: string, framedIp: string, mac: string): Promise<string> {
  const acctSessionId = unique('e2e-acct');
  await sendAccounting(stack.radius.host, stack.radius.acctPort, {
    'User-Name': login,
    'Acct-Status-Type': 'Start',
    'Acct-Session-Id': acctSessionId,
    'Framed-IP-Address': framedIp,
    'Calling-Station-Id': mac,
  });
  return acctSessionId;
}

describe('console actions reaching RADIUS and the NAS', () => {
  it('blocks a customer, and their next login is answered with the blocked state', async () => {
    const customer = await customerWithService(stack.graphqlUrl, { name: `E2E Block ${Date.now()}`, login: unique('e2e-block') });
    const { host, authPort } = stack.radius;
    const before = await authenticate(host, authPort, customer.login, customer.password);
    expect(before.code).toBe('Access-Accept');
    expect(before.attributes.get('Mikrotik-Address-List')).toBeUndefined();

    await withPage(shared.browser, 'radius-block', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await openCustomer(page, customer.name, customer.customerNumber);
      const logins = page.getByRole('region', { name: 'RADIUS logins' });
      await logins.getByText('Accepted', { exact: true }).first().waitFor();

      await page.getByRole('button', { name: 'Block', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Block ${customer.name}?` });
      await dialog.getByLabel('Reason').fill('E2E: unpaid invoice');
      await dialog.getByRole('button', { name: 'Block' }).click();
      await page.getByRole('status').filter({ hasText: 'Blocked: E2E: unpaid invoice' }).waitFor();

      // The RADIUS process hears of the block at once: the same login now gets the blocked
      // state (the default: accepted onto the router's blocked address list, at the blocked rate).
      const after = await authenticate(host, authPort, customer.login, customer.password);
      expect(after.code).toBe('Access-Accept');
      expect(after.attributes.get('Mikrotik-Address-List')).toEqual(['backhaul-blocked']);
      // …and the customer's page shows that login live.
      await logins.getByText('Blocked state', { exact: true }).waitFor();
      await t.screenshot('radius-blocked-login');
    });
  });

  it('disconnects a live session from the customer page, and the NAS receives the Disconnect-Request', async () => {
    const customer = await customerWithService(stack.graphqlUrl, { name: `E2E Disconnect ${Date.now()}`, login: unique('e2e-dc') });
    const acctSessionId = await startSession(customer.login, '100.64.7.7', '02:00:5E:10:E2:01');

    await withPage(shared.browser, 'radius-disconnect', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/customers' });
      await openCustomer(page, customer.name, customer.customerNumber);
      const live = page.getByRole('region', { name: 'Live session' });
      await live.getByText('100.64.7.7').waitFor();
      await live.getByRole('button', { name: 'Disconnect' }).click();
      await page.getByRole('dialog', { name: 'Disconnect the session?' }).getByRole('button', { name: 'Disconnect' }).click();
      // The NAS's answer is what the console reports.
      await live.getByRole('status').filter({ hasText: 'Disconnected: the NAS acknowledged (Disconnect-ACK).' }).waitFor();
      await t.screenshot('radius-disconnect-ack');
    });
    expect(nas.received).toContainEqual({ userName: customer.login, acctSessionId });
  });

  it('lets a technician on a 360×740 phone find a customer, activate the service, change its MAC and disconnect the session', async () => {
    const technician = await createStaffWithTotp(stack.graphqlUrl, { username: unique('e2e-tech'), password: 'field-work-2026', role: 'Technician' });
    const phone = '+31 6 5550 1234';
    const customer = await customerWithService(stack.graphqlUrl, { name: `E2E Field ${Date.now()}`, login: unique('e2e-field'), serviceStatus: 'PENDING', phone });
    const { host, authPort } = stack.radius;
    expect((await authenticate(host, authPort, customer.login, customer.password)).code).toBe('Access-Reject');

    await withPage(
      shared.browser,
      'technician-phone',
      async (t) => {
        const { page } = t;
        await signIn(page, stack.consoleUrl, { next: '/customers', username: technician.username, password: technician.password, code: technician.code });
        // Found by the phone number the customer gave on the doorstep.
        await page.getByRole('searchbox', { name: 'Search customers' }).fill('5550 1234');
        await page.getByRole('link', { name: customer.name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);

        const services = page.getByRole('region', { name: 'Services' });
        await services.getByText('Pending', { exact: true }).waitFor();
        await t.screenshot('technician-phone-pending');
        await services.getByRole('button', { name: `Activate ${customer.login}` }).click();
        await page.getByRole('status').filter({ hasText: `${customer.login} is active` }).waitFor();
        expect((await authenticate(host, authPort, customer.login, customer.password)).code).toBe('Access-Accept');

        await services.getByRole('button', { name: `Change MAC of ${customer.login}` }).click();
        const dialog = page.getByRole('dialog', { name: 'Change MAC' });
        await dialog.getByLabel(`MAC of ${customer.login}`).fill('0200.5E10.E2AB');
        await dialog.getByRole('button', { name: 'Change MAC' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await services.getByText('02:00:5e:10:e2:ab').waitFor();
        expect(await horizontalOverflow(page)).toBe(0);

        // The customer's router dials in: the technician sees the session, its IP, MAC and NAS.
        await startSession(customer.login, '100.64.7.8', '02:00:5E:10:E2:AB');
        const live = page.getByRole('region', { name: 'Live session' });
        await live.getByText('100.64.7.8').waitFor();
        await live.getByText('02:00:5e:10:e2:ab').waitFor();
        await live.getByText('Tiel core').waitFor();
        const disconnect = live.getByRole('button', { name: 'Disconnect' });
        expect((await disconnect.boundingBox())?.height).toBeGreaterThanOrEqual(44);
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('technician-phone-online');

        await disconnect.click();
        await page.getByRole('dialog', { name: 'Disconnect the session?' }).getByRole('button', { name: 'Disconnect' }).click();
        await live.getByRole('status').filter({ hasText: 'Disconnected: the NAS acknowledged (Disconnect-ACK).' }).waitFor();
        await t.screenshot('technician-phone-disconnected');
      },
      { viewport: { width: 360, height: 740 }, isMobile: true },
    );
    expect(nas.received.map((r) => r.userName)).toContain(customer.login);
  });
});
