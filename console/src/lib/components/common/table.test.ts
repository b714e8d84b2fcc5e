import { describe, expect, it } from 'vitest';
import { nextSort, rangeSummary, visibleColumns, type Column } from './table';

const columns: Column<unknown>[] = [
  { key: 'name', label: 'Name', required: true },
  { key: 'phone', label: 'Phone' },
  { key: 'email', label: 'E-mail', defaultVisible: false },
];

describe('data table helpers', () => {
  it('shows the defaults until a choice is saved, and always the required columns', () => {
    expect(visibleColumns(columns, null).map((c) => c.key)).toEqual(['name', 'phone']);
    expect(visibleColumns(columns, ['email', 'gone']).map((c) => c.key)).toEqual(['name', 'email']);
  });

  it('sorts ascending first, then toggles', () => {
    expect(nextSort(null, 'NAME')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(nextSort({ field: 'NAME', direction: 'ASC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'DESC' });
    expect(nextSort({ field: 'NAME', direction: 'DESC' }, 'CITY')).toEqual({ field: 'CITY', direction: 'ASC' });
  });

  it('says "1,000+" when the count is capped', () => {
    expect(rangeSummary(51, 50, { value: 1000, exact: false }, 'customers')).toBe('51–100 of 1,000+ customers');
    expect(rangeSummary(1, 0, { value: 0, exact: true }, 'customers')).toBe('No customers');
  });
});
