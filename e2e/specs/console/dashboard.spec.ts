import { describe, inject, it } from 'vitest';
import { sharedBrowser, withPage } from '../../tools/browser.ts';
import { signIn } from '../../tools/console.ts';
import { sendAccounting } from '../../tools/radius.ts';

const stack = inject('stack');
const shared = sharedBrowser();

describe('console dashboard', () => {
  it('shows a RADIUS session start and stop live, without a reload', async () => {
    await withPage(shared.browser, 'dashboard-live', async (t) => {
      const { page } = t;
      await signIn(page, stack.consoleUrl);
      const recent = page.getByRole('region', { name: 'Sessions started and stopped' });
      await recent.waitFor();
      const session = { 'User-Name': 'demo-mschap', 'Acct-Session-Id': `e2e-${Date.now()}`, 'Framed-IP-Address': '100.64.0.77' };

      const { host, acctPort } = stack.radius;
      await sendAccounting(host, acctPort, { ...session, 'Acct-Status-Type': 'Start' });
      await recent.getByRole('listitem').filter({ hasText: 'Started' }).filter({ hasText: '100.64.0.77' }).waitFor();
      // The NAS row says it was just heard from (the RADIUS process reports it with its rates).
      await page
        .getByRole('region', { name: 'NAS' })
        .getByRole('row', { name: /Tiel core/ })
        .getByText(/^\d+ s ago$/)
        .waitFor();
      await t.screenshot('dashboard-session-started');

      await sendAccounting(host, acctPort, {
        ...session,
        'Acct-Status-Type': 'Stop',
        'Acct-Session-Time': '42',
        'Acct-Terminate-Cause': 'User-Request',
      });
      await recent.getByRole('listitem').filter({ hasText: 'Stopped' }).filter({ hasText: '100.64.0.77' }).waitFor();
      await t.screenshot('dashboard-session-stopped');
    });
  });
});
