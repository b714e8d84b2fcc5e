import { describe, expect, it } from 'vitest';
import { FIRST_PAGE } from './cursor-page';
import { historyFilterError, historyVariables, newHistorySessions, NO_HISTORY_FILTER, sessionEndText } from './session-history';

describe('session history filters', () => {
  it('asks for the customer’s newest 20 ended sessions without filters', () => {
    expect(historyVariables(7, NO_HISTORY_FILTER, FIRST_PAGE)).toEqual({ filter: { customerId: 7 }, first: 20 });
  });

  it('turns the days into whole local days and keeps the page cursor', () => {
    const variables = historyVariables(7, { from: '2026-03-01', to: '2026-03-31', serviceId: 12 }, { after: 'c', before: null, from: 21 });
    expect(variables).toEqual({
      filter: {
        customerId: 7,
        serviceId: 12,
        from: new Date(2026, 2, 1).toISOString(),
        to: new Date(2026, 3, 1).toISOString(),
      },
      first: 20,
      after: 'c',
    });
  });

  it('ignores text that is not a day', () => {
    expect(historyVariables(7, { from: 'soon', to: '', serviceId: null }, FIRST_PAGE).filter).toEqual({ customerId: 7 });
  });

  it('refuses a "from" day after the "to" day', () => {
    expect(historyFilterError({ from: '2026-03-02', to: '2026-03-01', serviceId: null })).toMatch(/after/);
    expect(historyFilterError({ from: '2026-03-01', to: '2026-03-01', serviceId: null })).toBeNull();
  });
});

describe('newHistorySessions', () => {
  const now = new Date(2026, 2, 15, 12);
  const changes = [
    { kind: 'STOPPED', serviceId: 1 },
    { kind: 'STOPPED', serviceId: 2 },
    { kind: 'UPDATED', serviceId: 1 },
    { kind: 'STARTED', serviceId: 1 },
  ] as const;

  it('counts the sessions that stopped, which are the ones the history lists', () => {
    expect(newHistorySessions(changes, NO_HISTORY_FILTER, now)).toBe(2);
  });

  it('counts only the chosen service’s sessions', () => {
    expect(newHistorySessions(changes, { ...NO_HISTORY_FILTER, serviceId: 2 }, now)).toBe(1);
  });

  it('counts none when the chosen days are over', () => {
    expect(newHistorySessions(changes, { ...NO_HISTORY_FILTER, to: '2026-03-14' }, now)).toBe(0);
    expect(newHistorySessions(changes, { ...NO_HISTORY_FILTER, to: '2026-03-15' }, now)).toBe(2);
  });
});

describe('sessionEndText', () => {
  it('shows only the time when the session ended the day it started', () => {
    const start = new Date(2026, 2, 15, 8, 0).toISOString();
    const end = new Date(2026, 2, 15, 9, 30);
    expect(sessionEndText(start, end.toISOString())).toBe(end.toLocaleTimeString(undefined, { timeStyle: 'short' }));
  });

  it('shows the day too when it ended on a later day', () => {
    const start = new Date(2026, 2, 15, 23, 0).toISOString();
    const end = new Date(2026, 2, 16, 1, 0);
    expect(sessionEndText(start, end.toISOString())).toBe(end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
    expect(sessionEndText(start, null)).toBe('—');
  });
});
