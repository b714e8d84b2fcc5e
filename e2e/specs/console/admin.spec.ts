import * as OTPAuth from 'otpauth';
import type { Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createStaffWithTotp, DEMO_ADMIN, gql, login, numberOf } from '../../tools/api.ts';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { horizontalOverflow, isFocused, signIn } from '../../tools/console.ts';

const stack = inject('stack');
const shared = sharedBrowser();

/** A role made through the API, as another administrator elsewhere would. */
async function createRole(name: string, permissions: string[]): Promise<void> {
  const admin = await login(stack.graphqlUrl, DEMO_ADMIN.username, DEMO_ADMIN.password);
  const data = await gql<{ createRole: { __typename: string } }>(
    stack.graphqlUrl,
    `mutation ($input: RoleInput!) { createRole(input: $input) { __typename } }`,
    { input: { name, permissions } },
    admin,
  );
  expect(data.createRole.__typename).toBe('CreateRoleSuccess');
}

/** A staff member without two-factor, made through the API. */
async function createStaff(username: string, password: string, roleName: string): Promise<void> {
  const admin = await login(stack.graphqlUrl, DEMO_ADMIN.username, DEMO_ADMIN.password);
  const { roles } = await gql<{ roles: Array<{ id: string; name: string }> }>(stack.graphqlUrl, '{ roles { id name } }', {}, admin);
  const role = roles.find((r) => r.name === roleName);
  const data = await gql<{ createStaffUser: { __typename: string } }>(
    stack.graphqlUrl,
    `mutation ($input: StaffUserInput!) { createStaffUser(input: $input) { __typename } }`,
    { input: { username, name: `E2E ${username}`, password, roleId: numberOf(role!.id) } },
    admin,
  );
  expect(data.createStaffUser.__typename).toBe('CreateStaffUserSuccess');
}

describe('console administration', () => {
  it('creates an API key, shows it once with a copy button, and revokes it', async () => {
    await withPage(shared.browser, 'admin-api-key', async (t) => {
      const { page, context } = t;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.consoleUrl });
      await signIn(page, stack.consoleUrl, { next: '/admin/api-keys' });
      await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();

      await page.getByRole('button', { name: 'New API key' }).click();
      const form = page.getByRole('dialog', { name: 'New API key' });
      await form.getByLabel('Name').fill('E2E billing export');
      await form.getByRole('checkbox', { name: 'See customers' }).check();
      // Not an address: the API names the entry, next to the field.
      await form.getByLabel('Allowed from').fill('127.0.0.0/8\nnot-an-address');
      await form.getByRole('button', { name: 'Create key' }).click();
      await form.locator('#apikey-allowedIps-error').getByText('Entry 2: is not an address or network').waitFor();
      expect(await isFocused(form.getByLabel('Allowed from'))).toBe(true);
      await t.screenshot('admin-api-key-field-error');

      await form.getByLabel('Allowed from').fill('127.0.0.0/8');
      await form.getByRole('button', { name: 'Create key' }).click();
      const once = page.getByRole('dialog', { name: 'API key “E2E billing export” created' });
      await once.getByText('you will not see it again').waitFor();
      const key = await once.getByLabel('API key').inputValue();
      expect(key).toMatch(/^bhk_/);
      await once.getByRole('button', { name: 'Copy' }).click();
      await once.getByRole('status').filter({ hasText: /Copied|Ctrl\+C/ }).waitFor();
      await t.screenshot('admin-api-key-once');

      // The key works, with the permission it was given.
      const perms = await gql<{ myPermissions: string[] }>(stack.graphqlUrl, '{ myPermissions }', {}, key);
      expect(perms.myPermissions).toEqual(['customers:read']);

      // Closed, it is gone for good: the page no longer holds it anywhere.
      await once.getByRole('button', { name: 'I have stored it' }).click();
      await once.waitFor({ state: 'hidden' });
      expect(await page.content()).not.toContain(key);
      const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'E2E billing export' });
      await row.getByText(key.slice(0, 10)).waitFor();
      await row.getByText('Active', { exact: true }).waitFor();

      await row.getByRole('button', { name: 'Revoke E2E billing export' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke “E2E billing export”?' });
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await row.getByText('Revoked', { exact: true }).waitFor();
      await t.screenshot('admin-api-key-revoked');
      const refused = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ myPermissions }' }),
      });
      expect(refused.status).toBe(401);
    });
  });

  it('gives a new role to a new staff member, who then sees only what the role allows', async () => {
    await withPage(shared.browser, 'admin-role-staff', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/admin/roles' });
      const roles = page.getByRole('table', { name: 'Roles' });
      await roles.getByRole('button', { name: 'Edit Super administrator' }).waitFor();

      await page.getByRole('button', { name: 'New role' }).click();
      const roleForm = page.getByRole('dialog', { name: 'New role' });
      await roleForm.getByLabel('Name').fill('E2E auditor');
      await roleForm.getByLabel('Description').fill('Reads customers and the audit log');
      await roleForm.getByRole('checkbox', { name: 'See customers' }).check();
      await roleForm.getByRole('checkbox', { name: 'Search the audit log' }).check();
      await roleForm.getByText('(2 of').waitFor();
      await t.screenshot('admin-role-form');
      await roleForm.getByRole('button', { name: 'Create role' }).click();
      await roleForm.waitFor({ state: 'hidden' });
      await roles.getByRole('row').filter({ hasText: 'E2E auditor' }).getByText('2 permissions: Customers, Audit log').waitFor();

      // Built-in roles offer no Delete; a role still given to staff cannot be deleted (the API says why).
      expect(await roles.getByRole('button', { name: 'Delete Super administrator' }).count()).toBe(0);

      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Staff' }).click();
      await page.getByRole('button', { name: 'New staff member' }).click();
      const staffForm = page.getByRole('dialog', { name: 'New staff member' });
      await staffForm.getByLabel('Full name').fill('E2E Auditor');
      await staffForm.getByLabel('Username').fill('e2e-auditor');
      await staffForm.getByLabel('Password').fill('auditor-password-1');
      await staffForm.getByLabel('Role').selectOption({ label: 'E2E auditor' });
      await staffForm.getByRole('button', { name: 'Create staff member' }).click();
      await staffForm.waitFor({ state: 'hidden' });
      const row = page.getByRole('table', { name: 'Staff members' }).getByRole('row').filter({ hasText: 'e2e-auditor' });
      await row.getByRole('cell', { name: 'E2E auditor', exact: true }).waitFor();
      await t.screenshot('admin-staff-list');

      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Roles' }).click();
      await roles.getByRole('row').filter({ hasText: 'E2E auditor' }).getByRole('button', { name: 'Delete E2E auditor' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete role E2E auditor?' });
      await confirm.getByRole('button', { name: 'Delete role' }).click();
      await confirm.getByRole('alert').getByText('staff members have this role').waitFor();
      await t.screenshot('admin-role-in-use');
      await confirm.getByRole('button', { name: 'Cancel' }).click();

      // The new member signs in and sees customers and the audit log, nothing else.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, stack.consoleUrl, { username: 'e2e-auditor', password: 'auditor-password-1', next: '/customers' });
      const main = page.getByRole('navigation', { name: 'Main' });
      expect(await main.getByRole('list').getByRole('link').allInnerTexts()).toEqual(['Customers', 'Administration']);
      await main.getByRole('link', { name: 'Administration' }).click();
      await page.waitForURL(`${stack.consoleUrl}/admin/audit`);
      expect(await page.getByRole('navigation', { name: 'Administration' }).getByRole('link').allInnerTexts()).toEqual(['Audit log']);
      await t.screenshot('admin-limited-nav');

      await page.goto(`${stack.consoleUrl}/admin/staff`);
      await page.getByRole('heading', { name: 'Your role does not include this page' }).waitFor();
    });
  });

  it('resets the two-factor authentication of a staff member who lost their phone', async () => {
    await createStaffWithTotp(stack.graphqlUrl, { username: 'e2e-lost-phone', password: 'lost-phone-pass-1', role: 'Technician' });
    await withPage(shared.browser, 'admin-totp-reset', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/admin/staff' });
      const row = page.getByRole('table', { name: 'Staff members' }).getByRole('row').filter({ hasText: 'e2e-lost-phone' });
      await row.getByText('On', { exact: true }).waitFor();
      await row.getByRole('button', { name: 'Reset two-factor of e2e-lost-phone' }).click();
      await page.getByRole('dialog', { name: /Reset two-factor/ }).getByRole('button', { name: 'Reset two-factor' }).click();
      await page.getByRole('status').filter({ hasText: 'Two-factor authentication is off for e2e-lost-phone' }).waitFor();
      await row.getByText('Off', { exact: true }).waitFor();
      expect(await row.getByRole('button', { name: /Reset two-factor/ }).count()).toBe(0);
    });
  });

  it('finds a change in the audit log, shows what changed, and adds new entries live', async () => {
    await createRole('E2E audited role', ['audit:read']);
    await withPage(shared.browser, 'admin-audit', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/admin/audit' });
      const search = page.getByRole('search', { name: 'Search the audit log' });
      await search.getByLabel('Action').fill('role.');
      await search.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(`${stack.consoleUrl}/admin/audit?action=role.`);
      const entry = page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem').filter({ hasText: 'role.create' }).first();
      await entry.getByText('by Maarten Kok', { exact: true }).waitFor();
      await entry.locator('summary').first().click();
      await entry.locator('ins', { hasText: '"E2E audited role"' }).waitFor();
      await entry.locator('ins', { hasText: '["audit:read"]' }).waitFor();
      await t.screenshot('admin-audit-diff');

      // Written elsewhere while the page is open: it appears at the top, marked new.
      await createRole('E2E live role', ['customers:read']);
      const live = page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem').filter({ hasText: 'role.create' }).first();
      await live.getByText('New', { exact: true }).waitFor();
      await page.getByRole('status').filter({ hasText: '1 new entry' }).waitFor();
      await live.locator('summary').first().click();
      await live.locator('ins', { hasText: '"E2E live role"' }).waitFor();
      await t.screenshot('admin-audit-live');

      // A change of another kind does not join this search.
      const admin = await login(stack.graphqlUrl, DEMO_ADMIN.username, DEMO_ADMIN.password);
      await gql(stack.graphqlUrl, 'mutation { createPartner(input: { name: "E2E audit partner" }) { __typename } }', {}, admin);
      await page.waitForTimeout(1500);
      expect(await page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem').filter({ hasText: 'partner.create' }).count()).toBe(0);
    });
  });

  it('changes a RADIUS setting and shows a reply-template error at its line', async () => {
    await withPage(shared.browser, 'admin-settings', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/admin/settings' });
      const radius = page.getByRole('region', { name: 'RADIUS' });
      await radius.getByRole('radio', { name: /Address list/ }).waitFor();
      const interim = radius.getByLabel('Interim interval (seconds)');
      const before = await interim.inputValue();
      await interim.fill('600');
      await radius.getByRole('button', { name: 'Save settings' }).click();
      await radius.getByRole('status').filter({ hasText: 'RADIUS settings saved' }).waitFor();
      await radius.getByText('now after 30 min').waitFor();

      // Not a name a router accepts: the API's message shows next to the field.
      const list = radius.getByLabel('Address list', { exact: true });
      const listName = await list.inputValue();
      await list.fill('blocked list!');
      await radius.getByRole('button', { name: 'Save settings' }).click();
      await radius.locator('#settings-blockedAddressList-error').getByText('letters, digits').waitFor();
      expect(await list.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(list)).toBe(true);
      await t.screenshot('admin-settings-field-error');

      // Back as it was, so other tests see the usual settings.
      await list.fill(listName);
      await interim.fill(before);
      await radius.getByRole('button', { name: 'Save settings' }).click();
      await radius.getByRole('status').filter({ hasText: 'RADIUS settings saved' }).waitFor();

      const templates = page.getByRole('region', { name: 'Reply templates' });
      await templates.getByLabel('Router vendor').selectOption({ label: 'MikroTik' });
      await templates.getByLabel('Subscribers').selectOption({ label: 'In good standing' });
      const editor = templates.getByLabel(/Reply attributes: MikroTik/);
      const text = await editor.inputValue();
      const lines = text.split('\n').length;
      await editor.fill(`${text}\nBogus-Attribute = 1`);
      await templates.getByRole('button', { name: 'Save template' }).click();
      const problems = templates.getByRole('list', { name: 'Problems in the template' });
      await problems.getByRole('button', { name: `Line ${lines + 1}` }).waitFor();
      await problems.getByText('unknown attribute Bogus-Attribute').waitFor();
      expect(await editor.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(editor)).toBe(true);
      await t.screenshot('admin-template-error');

      await templates.getByRole('button', { name: 'Discard changes' }).click();
      expect(await editor.inputValue()).toBe(text);
    });
  });

  it('lets staff members turn on two-factor and change their own password on their account page', async () => {
    await createStaff('e2e-own-account', 'own-account-pass-1', 'Technician');
    await withPage(shared.browser, 'admin-account', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { username: 'e2e-own-account', password: 'own-account-pass-1', next: '/customers' });
      await page.getByRole('link', { name: /Your account/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      const sessions = page.getByRole('region', { name: 'Where you are signed in' });
      await sessions.getByText('This browser').waitFor();

      const totp = page.getByRole('region', { name: 'Two-factor authentication' });
      await totp.getByRole('button', { name: 'Set up two-factor' }).click();
      await totp.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg path').first().waitFor();
      const key = (await totp.getByLabel('Key').inputValue()).replace(/\s/g, '');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key) });
      await totp.getByLabel('Code from the app').fill('000000');
      await totp.getByRole('button', { name: 'Turn on two-factor' }).click();
      await totp.locator('#totp-code-error').waitFor();
      await totp.getByLabel('Code from the app').fill(code.generate());
      await totp.getByRole('button', { name: 'Turn on two-factor' }).click();
      await totp.getByText('On', { exact: true }).waitFor();

      const password = page.getByRole('region', { name: 'Password', exact: true });
      await password.getByLabel('Current password').fill('not my password');
      // The label ends in a required-field star.
      await password.getByLabel(/^New password\s*\*?$/).fill('brand-new-pass-22');
      await password.getByLabel('New password again').fill('brand-new-pass-22');
      await password.getByRole('button', { name: 'Change password' }).click();
      await password.locator('#password-currentPassword-error').getByText('not your current password').waitFor();
      expect(await isFocused(password.getByLabel('Current password'))).toBe(true);
      await t.screenshot('admin-account-errors');
      await password.getByLabel('Current password').fill('own-account-pass-1');
      await password.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
      await t.screenshot('admin-account');
      expect((await login(stack.graphqlUrl, 'e2e-own-account', 'brand-new-pass-22', code.generate())).length).toBeGreaterThan(10);
    });
  });

  it('says when a list cannot be loaded, and loads it again on request', async () => {
    await withPage(shared.browser, 'admin-list-500', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl, { next: '/admin/roles' });
      const failing = (route: Route) =>
        route.request().postData()?.includes('StaffList') ? route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>500</h1>' }) : route.fallback();
      await page.route(stack.graphqlUrl, failing);
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Staff' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'The API server failed (HTTP 500)' });
      await alert.waitFor();
      await t.screenshot('admin-list-500');
      await page.unroute(stack.graphqlUrl, failing);
      await alert.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('table', { name: 'Staff members' }).getByRole('button', { name: 'Edit admin', exact: true }).waitFor();
    });
  });

  it('works on a 360×740 phone in dark mode without sideways scrolling', async () => {
    await createRole('E2E phone role', ['audit:read']);
    await withPage(
      shared.browser,
      'admin-phone',
      async (t) => {
        const { page } = t;
        await signIn(page, stack.consoleUrl, { next: '/admin/staff' });
        await page.getByRole('table', { name: 'Staff members' }).getByText('admin', { exact: true }).first().waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        const box = await page.getByRole('button', { name: 'New staff member' }).boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
        await t.screenshot('admin-phone-staff');

        await page.getByRole('button', { name: 'Edit admin', exact: true }).click();
        await page.getByRole('dialog', { name: /^Edit / }).getByLabel('Full name').waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('admin-phone-staff-form');
        await page.keyboard.press('Escape');

        await page.goto(`${stack.consoleUrl}/admin/audit?action=role.create`);
        const entry = page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem').first();
        await entry.locator('summary').first().click();
        await entry.getByText('Whole record as stored').waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('admin-phone-audit');

        await page.goto(`${stack.consoleUrl}/admin/settings`);
        await page.getByRole('region', { name: 'Reply templates' }).getByLabel(/Reply attributes/).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('admin-phone-settings');

        await page.goto(`${stack.consoleUrl}/admin/roles`);
        await page.getByRole('button', { name: 'Edit Manager', exact: true }).click();
        await page.getByRole('dialog', { name: 'Edit role Manager' }).getByRole('checkbox', { name: 'See customers' }).waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
        await t.screenshot('admin-phone-role-form');
      },
      { viewport: { width: 360, height: 740 }, isMobile: true, colorScheme: 'dark' },
    );
  });
});
