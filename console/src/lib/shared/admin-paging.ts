/**
 * The page of an administration list kept in its URL (`?after=…&start=51`), so a page is a
 * link and survives a reload; moving between pages is cursor-page.ts. The position is `start`,
 * not `from`: the audit log's filters use `from` for a date. Pure: tested without a browser.
 */
import type { CursorPage } from './cursor-page';

/** Rows per page of the administration lists. */
export const ADMIN_PAGE_SIZE = 50;

const PAGE_KEYS = ['after', 'before', 'start'] as const;

export function parsePage(query: URLSearchParams): CursorPage {
  const after = query.get('after') || null;
  const before = after ? null : query.get('before') || null;
  const start = /^\d{1,9}$/.test(query.get('start') ?? '') ? Math.max(1, Number(query.get('start'))) : 1;
  return { after, before, from: after || before ? start : 1 };
}

/** `query` with the page's keys replaced by `page` (the first page adds none); other keys kept. */
export function withPage(query: URLSearchParams, page: CursorPage): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const key of PAGE_KEYS) next.delete(key);
  if (page.after) next.set('after', page.after);
  else if (page.before) next.set('before', page.before);
  if ((page.after || page.before) && page.from > 1) next.set('start', String(page.from));
  return next;
}
