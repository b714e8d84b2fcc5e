import { describe, expect, it } from 'vitest';
import { allNodes, FIRST_PAGE, isFirstPage, MAX_PAGE, nextPage, pageArgs, pagerState, previousPage } from './cursor-page';

const info = { hasNextPage: true, hasPreviousPage: false, startCursor: 's', endCursor: 'e' };

describe('cursor pages', () => {
  it('loads the first page with `first` and no cursor', () => {
    expect(pageArgs(FIRST_PAGE, 20)).toEqual({ first: 20 });
    expect(isFirstPage(FIRST_PAGE)).toBe(true);
  });

  it('moves forward after the last row shown, counting the rows for the summary', () => {
    const second = nextPage(FIRST_PAGE, info, 20);
    expect(second).toEqual({ after: 'e', before: null, from: 21 });
    expect(pageArgs(second!, 20)).toEqual({ first: 20, after: 'e' });
    expect(isFirstPage(second!)).toBe(false);
  });

  it('has no next page at the end', () => {
    expect(nextPage(FIRST_PAGE, { ...info, hasNextPage: false }, 5)).toBeNull();
  });

  it('moves back with `before` the first row shown', () => {
    const third = { after: 'x', before: null, from: 41 };
    const second = previousPage(third, info, 20);
    expect(second).toEqual({ after: null, before: 's', from: 21 });
    expect(pageArgs(second!, 20)).toEqual({ last: 20, before: 's' });
  });

  it('goes back to the first page itself, so it shows the newest rows again', () => {
    expect(previousPage({ after: 'x', before: null, from: 21 }, info, 20)).toBe(FIRST_PAGE);
    expect(previousPage({ after: null, before: 'y', from: 21 }, { ...info, hasPreviousPage: true }, 20)).toBe(FIRST_PAGE);
  });

  it('has no previous page on the first page', () => {
    expect(previousPage(FIRST_PAGE, { ...info, hasPreviousPage: true }, 20)).toBeNull();
    expect(pagerState(FIRST_PAGE, info)).toEqual({ hasPrevious: false, hasNext: true });
  });

  it('trusts the server about earlier rows when moving back, and knows the later page exists', () => {
    const page = { after: null, before: 'y', from: 41 };
    expect(pagerState(page, { ...info, hasNextPage: false, hasPreviousPage: true })).toEqual({ hasPrevious: true, hasNext: true });
  });
});

describe('allNodes', () => {
  /** A connection of `total` numbers served MAX_PAGE at a time, cursors being offsets. */
  const served = (total: number, calls: Array<string | null>) => async (after: string | null) => {
    calls.push(after);
    const from = after === null ? 0 : Number(after);
    const to = Math.min(total, from + MAX_PAGE);
    return {
      edges: Array.from({ length: to - from }, (_, i) => ({ node: from + i })),
      pageInfo: { hasNextPage: to < total, endCursor: to > from ? String(to) : null },
    };
  };

  it('reads every page of a list longer than the API’s page limit, in order', async () => {
    const calls: Array<string | null> = [];
    const nodes = await allNodes(served(250, calls));
    expect(nodes).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(calls).toEqual([null, '100', '200']);
  });

  it('reads one page of a short list, and nothing when the connection is absent', async () => {
    const calls: Array<string | null> = [];
    expect(await allNodes(served(3, calls))).toEqual([0, 1, 2]);
    expect(calls).toEqual([null]);
    expect(await allNodes(async () => null)).toEqual([]);
  });

  it('stops after maxPages pages however long the list is', async () => {
    const calls: Array<string | null> = [];
    expect(await allNodes(served(10_000, calls), 3)).toHaveLength(300);
    expect(calls).toHaveLength(3);
  });
});
