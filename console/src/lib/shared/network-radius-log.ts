/**
 * The RADIUS log's state, kept in the page's URL (`?result=REJECT&since=2026-11-30T08:00`), and
 * when the live rates say the first page is out of date. Pure: tested without a browser.
 */
import { pageVariables, parseCursor, positiveInt, search, writeCursor, type Cursor } from './network-list';

export const RADIUS_RESULTS = ['ACCEPT', 'BLOCKED', 'REJECT'] as const;
export type RadiusResultValue = (typeof RADIUS_RESULTS)[number];

export const RESULT_NAMES: Record<RadiusResultValue, string> = { ACCEPT: 'Accepted', BLOCKED: 'Accepted, blocked', REJECT: 'Rejected' };

export const RESULT_TONES = { ACCEPT: 'ok', BLOCKED: 'warn', REJECT: 'danger' } as const satisfies Record<RadiusResultValue, string>;

/** `datetime-local` values: the viewer's local time, to the minute. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export interface RadiusLogParams {
  result: RadiusResultValue[];
  /** A reject reason code from `radiusRejectReasons`. */
  reason: string | null;
  routerId: number | null;
  /** Part of the login, any case. */
  login: string;
  /** Local date and time (`2026-11-30T14:05`), as the date inputs give it. */
  from: string | null;
  to: string | null;
  cursor: Cursor;
}

export function parseRadiusLogParams(query: URLSearchParams): RadiusLogParams {
  const results = (query.get('result') ?? '').split(',').filter((r): r is RadiusResultValue => (RADIUS_RESULTS as readonly string[]).includes(r));
  const reason = query.get('reason');
  const time = (key: string): string | null => {
    const value = query.get(key);
    return value && LOCAL_TIME.test(value) && Number.isFinite(Date.parse(value)) ? value : null;
  };
  return {
    result: [...new Set(results)],
    reason: reason && /^[A-Z_]{1,64}$/.test(reason) ? reason : null,
    routerId: positiveInt(query.get('router')),
    login: (query.get('login') ?? '').slice(0, 64),
    from: time('since'),
    to: time('until'),
    cursor: parseCursor(query),
  };
}

export function radiusLogQuery(params: RadiusLogParams): string {
  const query = new URLSearchParams();
  if (params.result.length > 0) query.set('result', params.result.join(','));
  if (params.reason) query.set('reason', params.reason);
  if (params.routerId) query.set('router', String(params.routerId));
  if (params.login.trim()) query.set('login', params.login.trim());
  // Not `from`: the cursor's position has that name.
  if (params.from) query.set('since', params.from);
  if (params.to) query.set('until', params.to);
  writeCursor(query, params.cursor);
  return search(query);
}

/** Local date-time (as typed) → ISO 8601 instant, in the viewer's time zone. */
export function localToIso(local: string): string {
  return new Date(local).toISOString();
}

export function hasFilters(params: RadiusLogParams): boolean {
  return params.result.length > 0 || !!params.reason || !!params.routerId || params.login.trim() !== '' || !!params.from || !!params.to;
}

/** The GraphQL variables of the page `params` describes. */
export function radiusLogVariables(params: RadiusLogParams) {
  const login = params.login.trim();
  return {
    filter: {
      ...(params.result.length > 0 ? { result: params.result } : {}),
      ...(params.reason ? { reason: params.reason } : {}),
      ...(params.routerId ? { routerId: params.routerId } : {}),
      ...(login ? { login } : {}),
      ...(params.from ? { from: localToIso(params.from) } : {}),
      ...(params.to ? { to: localToIso(params.to) } : {}),
    },
    ...pageVariables(params.cursor),
  };
}

/**
 * Whether the view can gain rows while it is open: it ends in the future (or not at all). Rows
 * arrive at the top, so only the first page changes; later pages are told there is news.
 */
export function isLiveView(params: RadiusLogParams, now: number): boolean {
  return !params.to || Date.parse(localToIso(params.to)) > now;
}

export interface AddedEntryLike {
  result: RadiusResultValue;
  reason: string | null;
  login: string;
  routerId: number | null;
}

/** Whether rows just added to the RADIUS log (`radiusLogAdded`) belong in this view. */
export function addedMatch(params: RadiusLogParams, entries: readonly AddedEntryLike[]): boolean {
  const login = params.login.trim().toLowerCase();
  return entries.some(
    (e) =>
      (params.result.length === 0 || params.result.includes(e.result)) &&
      (!params.reason || e.reason === params.reason) &&
      (!params.routerId || e.routerId === params.routerId) &&
      (!login || e.login.toLowerCase().includes(login)),
  );
}
