import { describe, expect, it } from 'vitest';
import { customerGlobalId, listQuery, listVariables, numberOfGlobalId, PAGE_SIZE, parseListParams, withFilters } from './customer-list';

const parse = (query: string) => parseListParams(new URLSearchParams(query));

describe('customer list URL state', () => {
  it('reads search, filters, sort and cursor from the URL and writes them back the same', () => {
    const query = '?search=smith&status=BLOCKED,ACTIVE&tariff=3&router=2&partner=1&sort=NAME:DESC&after=abc&from=51';
    const params = parse(query);
    expect(params).toMatchObject({ search: 'smith', status: ['BLOCKED', 'ACTIVE'], tariffId: 3, routerId: 2, partnerId: 1, sort: { field: 'NAME', direction: 'DESC' }, after: 'abc', from: 51 });
    expect(listQuery(params)).toBe(query.replace(',', '%2C').replace(':', '%3A'));
  });

  it('ignores unknown statuses, sort fields and malformed numbers', () => {
    const params = parse('status=BOGUS,NEW&sort=DROP_TABLE&tariff=-1&router=x&from=7');
    expect(params.status).toEqual(['NEW']);
    expect(params.sort).toBeNull();
    expect(params.tariffId).toBeNull();
    expect(params.routerId).toBeNull();
    expect(params.from).toBe(1);
  });

  it('starts again at the first page when a filter changes', () => {
    const params = parse('search=a&after=xyz&from=101');
    expect(withFilters(params, { search: 'ab' })).toMatchObject({ search: 'ab', after: null, before: null, from: 1 });
  });

  it('asks for the page after a cursor with first, and before one with last', () => {
    expect(listVariables(parse('after=c1'))).toMatchObject({ first: PAGE_SIZE, after: 'c1' });
    expect(listVariables(parse('before=c0'))).toMatchObject({ last: PAGE_SIZE, before: 'c0' });
    expect(listVariables(parse('search=%20%20'))).toEqual({ filter: {}, first: PAGE_SIZE });
  });

  it('encodes and decodes customer global ids as the API does', () => {
    expect(customerGlobalId(42)).toBe(btoa('Customer:42'));
    expect(numberOfGlobalId(customerGlobalId(42))).toBe(42);
    expect(numberOfGlobalId('%%%')).toBeNull();
  });
});
