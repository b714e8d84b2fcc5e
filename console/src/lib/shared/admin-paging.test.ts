import { describe, expect, it } from 'vitest';
import { parsePage, withPage } from './admin-paging';

describe('administration list pages in the URL', () => {
  it('reads the cursor and position and writes them back, keeping the other keys', () => {
    const page = parsePage(new URLSearchParams('after=c2&start=51&action=staff.'));
    expect(page).toEqual({ after: 'c2', before: null, from: 51 });
    expect(withPage(new URLSearchParams('action=staff.&after=old'), page).toString()).toBe('action=staff.&after=c2&start=51');
    expect(withPage(new URLSearchParams('after=old&start=9&from=2026-01-01'), { after: null, before: null, from: 1 }).toString()).toBe('from=2026-01-01');
  });

  it('ignores a position without a cursor and a malformed one', () => {
    expect(parsePage(new URLSearchParams('start=51')).from).toBe(1);
    expect(parsePage(new URLSearchParams('after=x&start=-3')).from).toBe(1);
    expect(parsePage(new URLSearchParams('before=b&after=')).before).toBe('b');
  });
});
