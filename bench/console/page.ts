/**
 * The console benchmark's browser side: contexts already signed in (the session token in
 * sessionStorage, as the sign-in page leaves it), the probe (page-probe.js) in every document,
 * and what is read from a page: when it became usable, its frames, the logins it showed, its heap.
 * Scripts evaluated in the page are strings or functions on `globalThis`: bench is type-checked
 * without the DOM library.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/** Where the console keeps its session (console/src/lib/managers/session.svelte.ts, a runes module tsx cannot load). */
const SESSION_STORAGE_KEY = 'backhaul-console-session';
const PROBE = fileURLToPath(new URL('./page-probe.js', import.meta.url));

/** Epoch ms on this process's clock, with the precision of performance.now(). */
export const epochMs = () => performance.timeOrigin + performance.now();

export interface SignedIn {
  consoleUrl: string;
  token: string;
  expiresAt: string;
}

/** A new browser context (empty cache, no storage) whose pages open signed in, with the probe. */
export async function signedInContext(browser: Browser, session: SignedIn): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/Amsterdam', colorScheme: 'light' });
  const origin = JSON.stringify(new URL(session.consoleUrl).origin);
  const stored = JSON.stringify(JSON.stringify({ token: session.token, expiresAt: session.expiresAt }));
  await context.addInitScript({
    content: `if (location.origin === ${origin} && !sessionStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)})) sessionStorage.setItem(${JSON.stringify(SESSION_STORAGE_KEY)}, ${stored});`,
  });
  await context.addInitScript({ path: PROBE });
  return context;
}

/** What page-probe.js adds to the page's globalThis (the part called from functions run in the page). */
interface InPage {
  __bench?: { usable(): { at: number; marks: Record<string, number> } | null };
}

export interface Usable {
  /** Navigation start → usable, ms. */
  ms: number;
  /** Navigation start → each part (page-probe.js), ms. */
  marks: Record<string, number>;
}

/**
 * Opens `url` in `page` (a new document) and waits until the probe says it is usable, then,
 * with `alsoMark`, until that part is there too (or `alsoWithinMs` passed).
 */
export async function load(page: Page, url: string, options: { alsoMark?: string; alsoWithinMs?: number } = {}): Promise<Usable> {
  await page.goto(url, { waitUntil: 'commit' });
  // Functions, not strings: the console's Content-Security-Policy forbids evaluating strings in the page.
  await page.waitForFunction(() => (globalThis as unknown as InPage).__bench?.usable() != null, undefined, { polling: 50, timeout: 30_000 });
  if (options.alsoMark) {
    await page
      .waitForFunction((mark) => (globalThis as unknown as InPage).__bench?.usable()?.marks[mark] !== undefined, options.alsoMark, { polling: 50, timeout: options.alsoWithinMs ?? 5_000 })
      .catch(() => undefined);
  }
  const usable = await page.evaluate<{ at: number; marks: Record<string, number> }>('window.__bench.usable()');
  return { ms: usable.at, marks: usable.marks };
}

/** The page's clock minus ours (ms): the round trip with the least delay of a few, halved. */
export async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const before = epochMs();
    const there = await page.evaluate<number>('window.__bench.now()');
    const after = epochMs();
    if (after - before < best.rtt) best = { rtt: after - before, offset: there - (before + after) / 2 };
  }
  return best.offset;
}

export interface FrameSecond {
  frames: number;
  longestMs: number;
}

export const takeSeconds = (page: Page) => page.evaluate<FrameSecond[]>('window.__bench.takeSeconds()');
export const takeAppeared = (page: Page) => page.evaluate<Array<{ login: string; at: number }>>('window.__bench.takeAppeared()');
export const watchLogins = (page: Page, prefixes: string[]) => page.evaluate(`window.__bench.watch(${JSON.stringify(prefixes)})`);

export interface HeapFigures {
  /** JS heap in use after a forced garbage collection, bytes. */
  usedBytes: number;
  /** DOM nodes and JS event listeners alive. */
  nodes: number;
  listeners: number;
}

/** The page's heap after a full garbage collection (CDP), with its DOM node and listener counts. */
export async function heap(cdp: CDPSession): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { usedBytes: usedSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}
