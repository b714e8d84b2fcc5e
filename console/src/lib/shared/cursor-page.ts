/**
 * Paging through a Relay connection with Previous / Next: which page is shown, the arguments
 * that load it, and the pages either side. Pure functions: tested without a browser.
 */

/** The page a list shows: rows after `after`, or before `before`, or the first rows. */
export interface CursorPage {
  after: string | null;
  before: string | null;
  /** 1-based position of the page's first row, for "21–40 of 95". */
  from: number;
}

export interface PageInfoLike {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

export const FIRST_PAGE: CursorPage = Object.freeze({ after: null, before: null, from: 1 });

/** The first page is the one that shows the newest rows as they arrive (no cursor pins it). */
export function isFirstPage(page: CursorPage): boolean {
  return !page.after && !page.before;
}

/** The connection's arguments for `page`. */
export function pageArgs(page: CursorPage, size: number): { first: number; after?: string } | { last: number; before: string } {
  if (page.before) return { last: size, before: page.before };
  return { first: size, ...(page.after ? { after: page.after } : {}) };
}

/** The page after the one shown (`shown` rows), or null at the end. */
export function nextPage(page: CursorPage, info: PageInfoLike, shown: number): CursorPage | null {
  if (!pagerState(page, info).hasNext || !info.endCursor) return null;
  return { after: info.endCursor, before: null, from: page.from + shown };
}

/**
 * The page before the one shown, or null at the start. Going back to the start gives the first
 * page itself rather than "the rows before a cursor", so it keeps showing the newest rows.
 */
export function previousPage(page: CursorPage, info: PageInfoLike, size: number): CursorPage | null {
  if (!pagerState(page, info).hasPrevious) return null;
  if (page.from - size <= 1 || !info.startCursor) return FIRST_PAGE;
  return { after: null, before: info.startCursor, from: page.from - size };
}

/**
 * Moving forward with `after`, there is a previous page whenever we are past the first row;
 * moving back with `before`, the server tells whether there is more before, and the page we
 * came from is after.
 */
export function pagerState(page: CursorPage, info: PageInfoLike): { hasPrevious: boolean; hasNext: boolean } {
  if (page.before) return { hasPrevious: info.hasPreviousPage, hasNext: true };
  return { hasPrevious: page.from > 1, hasNext: info.hasNextPage };
}

/** A connection as a reference list reads it. */
export interface NodePage<N> {
  edges: ReadonlyArray<{ node: N }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** The API's page limit: `first` larger than this is cut to it. */
export const MAX_PAGE = 100;

/**
 * Every node of a connection, page after page (the API returns at most MAX_PAGE at a time), for
 * the short lists that fill a dropdown. Stops after `maxPages` pages, so a list that keeps
 * growing cannot keep it loading for ever.
 */
export async function allNodes<N>(load: (after: string | null) => Promise<NodePage<N> | null | undefined>, maxPages = 50): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const connection = await load(after);
    if (!connection) break;
    for (const edge of connection.edges) nodes.push(edge.node);
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}
