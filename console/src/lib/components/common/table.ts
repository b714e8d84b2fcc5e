import type { Snippet } from 'svelte';

/** One column of a DataTable. */
export interface Column<Row> {
  /** Stable key: saved in the staff member's preferences, so never rename one lightly. */
  key: string;
  label: string;
  /** The server's sort field (e.g. `NAME`); sortable when set. */
  sort?: string;
  /** Shown unless the staff member chose otherwise; false: offered in the chooser only. */
  defaultVisible?: boolean;
  /** Cannot be hidden (the column that links to the record). */
  required?: boolean;
  align?: 'start' | 'end';
  /** Keep the cell on one line (phone numbers, dates). */
  nowrap?: boolean;
  /** Plain text cells; `cell` wins when both are given. */
  text?: (row: Row) => string | number | null | undefined;
  cell?: Snippet<[Row]>;
}

export type SortDirection = 'ASC' | 'DESC';

export interface SortState {
  field: string;
  direction: SortDirection;
}

/** The next sort after activating a column's header: ascending, then descending, then back. */
export function nextSort(current: SortState | null, field: string): SortState {
  if (current?.field === field) return { field, direction: current.direction === 'ASC' ? 'DESC' : 'ASC' };
  return { field, direction: 'ASC' };
}

/**
 * The columns to show: the saved choice when there is one (unknown keys dropped, required
 * columns kept), else each column's default; always in the table's own order.
 */
export function visibleColumns<Row>(columns: readonly Column<Row>[], chosen: readonly string[] | null): Column<Row>[] {
  if (!chosen) return columns.filter((c) => c.required || c.defaultVisible !== false);
  const set = new Set(chosen);
  return columns.filter((c) => c.required || set.has(c.key));
}

/** "1–50 of 1,000+" style summaries; `exact` false means "at least". */
export function rangeSummary(from: number, count: number, total: { value: number; exact: boolean } | null, noun: string): string {
  const format = (n: number): string => n.toLocaleString('en-US');
  if (count === 0) return `No ${noun}`;
  const range = `${format(from)}–${format(from + count - 1)}`;
  if (!total) return `${range} ${noun}`;
  return `${range} of ${format(total.value)}${total.exact ? '' : '+'} ${noun}`;
}
