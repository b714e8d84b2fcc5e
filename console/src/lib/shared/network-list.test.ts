import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, nextPage, oneOf, pageVariables, parseCursor, positiveInt, previousPage, search, writeCursor } from './network-list';

const page = { hasNextPage: true, hasPreviousPage: false, startCursor: 's', endCursor: 'e' };

describe('list pages in the URL', () => {
  it('reads a cursor and writes it back the same; the first page writes nothing', () => {
    const cursor = parseCursor(new URLSearchParams('after=abc&from=51'));
    expect(cursor).toEqual({ after: 'abc', before: null, from: 51 });
    const query = new URLSearchParams();
    writeCursor(query, cursor);
    expect(search(query)).toBe('?after=abc&from=51');
    const first = new URLSearchParams();
    writeCursor(first, FIRST_PAGE);
    expect(search(first)).toBe('');
  });

  it('ignores a position without a cursor, and a before beside an after', () => {
    expect(parseCursor(new URLSearchParams('from=99'))).toEqual(FIRST_PAGE);
    expect(parseCursor(new URLSearchParams('after=a&before=b'))).toMatchObject({ after: 'a', before: null });
  });

  it('asks for the page after a cursor with first, and before one with last', () => {
    expect(pageVariables(FIRST_PAGE)).toEqual({ first: 50 });
    expect(pageVariables({ after: 'a', before: null, from: 51 })).toEqual({ first: 50, after: 'a' });
    expect(pageVariables({ after: null, before: 'b', from: 51 }, 20)).toEqual({ last: 20, before: 'b' });
  });

  it('moves forward from the end cursor and counts the rows shown', () => {
    expect(nextPage(FIRST_PAGE, page, 50)).toEqual({ after: 'e', before: null, from: 51 });
    expect(nextPage(FIRST_PAGE, { ...page, hasNextPage: false }, 10)).toBeNull();
    // Having come back with `before`, the page we came from is after this one.
    expect(nextPage({ after: null, before: 'x', from: 51 }, { ...page, hasNextPage: false }, 50)).toMatchObject({ after: 'e', from: 101 });
  });

  it('moves back before the start cursor, and to the first page itself at the top', () => {
    expect(previousPage(FIRST_PAGE, page)).toBeNull();
    expect(previousPage({ after: 'a', before: null, from: 101 }, page)).toEqual({ after: null, before: 's', from: 51 });
    expect(previousPage({ after: 'a', before: null, from: 51 }, page)).toEqual(FIRST_PAGE);
    expect(previousPage({ after: null, before: 'b', from: 101 }, { ...page, hasPreviousPage: false })).toBeNull();
  });

  it('accepts only positive numbers and known values from the URL', () => {
    expect([positiveInt('12'), positiveInt('0'), positiveInt('-1'), positiveInt('1e3'), positiveInt(null)]).toEqual([12, null, null, null, null]);
    expect(oneOf(['A', 'B'] as const, 'B')).toBe('B');
    expect(oneOf(['A', 'B'] as const, 'C')).toBeNull();
  });
});
