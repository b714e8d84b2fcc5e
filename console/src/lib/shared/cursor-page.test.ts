import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, isFirstPage, nextPage, pageArgs, pagerState, previousPage } from './cursor-page';

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
