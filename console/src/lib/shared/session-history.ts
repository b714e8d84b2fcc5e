/**
 * The customer page's session history: its filters as GraphQL variables, and which live session
 * changes concern the list shown. Pure functions: tested without a browser.
 */
import { pageArgs, type CursorPage } from './cursor-page';

/** Sessions per page. */
export const HISTORY_PAGE_SIZE = 20;

/** The filters as the form holds them: dates as `YYYY-MM-DD` in the viewer's time zone, '' for none. */
export interface HistoryFilter {
  from: string;
  to: string;
  /** The service's number, or null for all the customer's services. */
  serviceId: number | null;
}

export const NO_HISTORY_FILTER: HistoryFilter = Object.freeze({ from: '', to: '', serviceId: null });

/** A `YYYY-MM-DD` day's local midnight, `days` days later; null when the text is not a date. */
function localMidnight(day: string, days = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Why the filter cannot be used as it is, or null. */
export function historyFilterError(filter: HistoryFilter): string | null {
  if (filter.from && filter.to && filter.from > filter.to) return 'The “from” day is after the “to” day.';
  return null;
}

/**
 * The history query's variables: the sessions still running on the "from" day or later, and
 * started on the "to" day or earlier (the whole day, in the viewer's time zone).
 */
export function historyVariables(customerId: number, filter: HistoryFilter, page: CursorPage) {
  const from = localMidnight(filter.from);
  const to = localMidnight(filter.to, 1);
  return {
    filter: {
      customerId,
      ...(filter.serviceId !== null ? { serviceId: filter.serviceId } : {}),
      ...(from ? { from: from.toISOString() } : {}),
      ...(to ? { to: to.toISOString() } : {}),
    },
    ...pageArgs(page, HISTORY_PAGE_SIZE),
  };
}

export interface SessionChangeLike {
  kind: 'STARTED' | 'UPDATED' | 'STOPPED';
  serviceId: number | null;
}

/**
 * How many of `changes` are sessions that just ended and belong in the filtered list: stopped,
 * of the chosen service, while the "to" day has not passed (a session ending now almost always
 * started recently, after an earlier "to").
 */
export function newHistorySessions(changes: readonly SessionChangeLike[], filter: HistoryFilter, now: Date): number {
  const to = localMidnight(filter.to, 1);
  if (to && to <= now) return 0;
  return changes.filter((c) => c.kind === 'STOPPED' && (filter.serviceId === null || c.serviceId === filter.serviceId)).length;
}

/** A session's end: only the time when it ended on the day it started (the start column shows the day). */
export function sessionEndText(startedAt: string, stoppedAt: string | null): string {
  if (!stoppedAt) return '—';
  const start = new Date(startedAt);
  const end = new Date(stoppedAt);
  if (start.toDateString() === end.toDateString()) return end.toLocaleTimeString(undefined, { timeStyle: 'short' });
  return end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
