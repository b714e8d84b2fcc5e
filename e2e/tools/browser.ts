/**
 * Debian's Chromium driven by playwright-core (no browser is ever downloaded). Each test gets a
 * fresh context; its screenshot is saved under e2e/results/, and on failure a trace too.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './chromium.ts';
import { RESULTS } from './stack.ts';

/** One Chromium for a spec file: launched before its tests, closed after them (`shared.browser` is set by then). */
export function sharedBrowser(): { browser: Browser } {
  const shared = {} as { browser: Browser };
  beforeAll(async () => {
    shared.browser = await launchBrowser();
  });
  afterAll(async () => {
    await shared.browser?.close();
  });
  return shared;
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Saves e2e/results/<name>.png (the whole page). */
  screenshot(name: string): Promise<string>;
  /** Ends the context; keeps a trace (e2e/results/<name>.trace.zip) when the test failed. */
  close(failed: boolean): Promise<void>;
}

export async function openPage(
  browser: Browser,
  name: string,
  options: { viewport?: { width: number; height: number }; isMobile?: boolean; colorScheme?: 'light' | 'dark' } = {},
): Promise<TestPage> {
  await mkdir(RESULTS, { recursive: true });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    ...(options.isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/Amsterdam',
  });
  await context.tracing.start({ screenshots: true, snapshots: true });
  const page = await context.newPage();
  // Generous: `npm test` runs on a busy two-core machine.
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    async screenshot(shot) {
      const file = path.join(RESULTS, `${shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close(failed) {
      await context.tracing.stop(failed ? { path: path.join(RESULTS, `${name}.trace.zip`) } : {});
      await context.close();
    },
  };
}

/**
 * Runs `test` with a fresh page; when it throws, saves a screenshot (`<name>-failure.png`) and
 * a trace (`<name>.trace.zip`) before passing the error on.
 */
export async function withPage(
  browser: Browser,
  name: string,
  test: (t: TestPage) => Promise<void>,
  options: Parameters<typeof openPage>[2] = {},
): Promise<void> {
  const t = await openPage(browser, name, options);
  let failed = false;
  try {
    await test(t);
  } catch (error) {
    failed = true;
    await t.screenshot(`${name}-failure`).catch(() => undefined);
    throw error;
  } finally {
    await t.close(failed);
  }
}
