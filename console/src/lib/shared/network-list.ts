/**
 * What every list of the Network section keeps in its URL besides its filters: the page, as a
 * Relay cursor (`?after=…&from=51`), so a page is a link and the back button goes back a page.
 * Pure: tested without a browser.
 */

/** Rows per page: one screen on a desktop, a few thumb-scrolls on a phone (the API allows 100). */
export const PAGE_SIZE = 50;

export interface Cursor {
  /** Rows after `after`, or before `before`; neither: the first page. */
  after: string | null;
  before: string | null;
  /** 1-based position of the page's first row, for "51–100 of 240". */
  from: number;
}

export const FIRST_PAGE: Cursor = { after: null, before: null, from: 1 };

export interface PageInfoLike {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null | undefined;
  endCursor?: string | null | undefined;
}

/** A positive whole number from the URL, or null (no zero, no sign, at most 9 digits). */
export function positiveInt(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** `value` when it is one of `allowed`, else null: unknown enum values in a URL are ignored. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null | undefined): T | null {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseCursor(query: URLSearchParams): Cursor {
  const after = query.get('after') || null;
  const before = after ? null : query.get('before') || null;
  return { after, before, from: after || before ? (positiveInt(query.get('from')) ?? 1) : 1 };
}

/** Adds the cursor to `query`; the first page adds nothing, so links stay short. */
export function writeCursor(query: URLSearchParams, cursor: Cursor): void {
  if (cursor.after) query.set('after', cursor.after);
  else if (cursor.before) query.set('before', cursor.before);
  if ((cursor.after || cursor.before) && cursor.from > 1) query.set('from', String(cursor.from));
}

/** `?a=1&b=2`, or the empty string for no parameters. */
export function search(query: URLSearchParams): string {
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The connection arguments of the page: `first`/`after` forwards, `last`/`before` backwards. */
export function pageVariables(cursor: Cursor, size = PAGE_SIZE): { first: number; after?: string } | { last: number; before: string } {
  if (cursor.before) return { last: size, before: cursor.before };
  return { first: size, ...(cursor.after ? { after: cursor.after } : {}) };
}

export function isFirstPage(cursor: Cursor): boolean {
  return !cursor.after && !cursor.before;
}

/** The page after the one shown, or null when it is the last. */
export function nextPage(cursor: Cursor, page: PageInfoLike, rows: number): Cursor | null {
  // Coming back with `before`, the page we came from is always after this one.
  const more = cursor.before ? true : page.hasNextPage;
  if (!more || !page.endCursor) return null;
  return { after: page.endCursor, before: null, from: cursor.from + rows };
}

/** The page before the one shown, or null when it is the first. */
export function previousPage(cursor: Cursor, page: PageInfoLike, size = PAGE_SIZE): Cursor | null {
  // Going forward with `after`, there is a page before whenever this one is not the first; going
  // back with `before`, the server tells.
  const more = cursor.before ? page.hasPreviousPage : cursor.from > 1;
  if (!more) return null;
  // Back at the top, the first page itself (not `before` a cursor), so rows added since show too.
  if (cursor.from - size <= 1) return { ...FIRST_PAGE };
  if (!page.startCursor) return null;
  return { after: null, before: page.startCursor, from: cursor.from - size };
}
