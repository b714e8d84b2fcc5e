import { describe, expect, it } from 'vitest';
import { addedMatch, isLiveView, localToIso, parseRadiusLogParams, radiusLogQuery, radiusLogVariables } from './network-radius-log';

const parse = (query: string) => parseRadiusLogParams(new URLSearchParams(query));

describe('RADIUS log URL state', () => {
  it('reads the filters and the page from the URL', () => {
    const params = parse('result=REJECT&reason=BAD_PASSWORD&router=11&login=demo&since=2026-11-30T08:00&until=2026-11-30T18:30&after=c&from=51');
    expect(params).toEqual({
      result: ['REJECT'], reason: 'BAD_PASSWORD', routerId: 11, login: 'demo', from: '2026-11-30T08:00', to: '2026-11-30T18:30', cursor: { after: 'c', before: null, from: 51 },
    });
  });

  it('round-trips every filter', () => {
    const params = parse('result=REJECT,BLOCKED&reason=BAD_PASSWORD&router=11&login=demo&since=2026-11-30T08:00&until=2026-11-30T18:30&after=c&from=51');
    expect(parse(radiusLogQuery(params).slice(1))).toEqual(params);
  });

  it('ignores unknown results, malformed reasons and dates', () => {
    expect(parse('result=MAYBE,ACCEPT&reason=drop%20table&until=yesterday&router=x')).toMatchObject({ result: ['ACCEPT'], reason: null, to: null, routerId: null });
  });

  it('sends the dates as instants in the viewer’s time zone and pages with the cursor', () => {
    const variables = radiusLogVariables(parse('result=REJECT&until=2026-11-30T18:30&after=c'));
    expect(variables).toEqual({ filter: { result: ['REJECT'], to: new Date(2026, 10, 30, 18, 30).toISOString() }, first: 50, after: 'c' });
    expect(localToIso('2026-01-02T03:04')).toBe(new Date(2026, 0, 2, 3, 4).toISOString());
  });
});

describe('RADIUS log live', () => {
  const entry = { result: 'REJECT' as const, reason: 'BAD_PASSWORD', login: 'Demo-PAP', routerId: 11 };

  it('matches added rows of the results, reason, NAS and login the view shows', () => {
    expect(addedMatch(parse(''), [entry])).toBe(true);
    expect(addedMatch(parse('result=REJECT&router=11&reason=BAD_PASSWORD&login=demo'), [entry])).toBe(true);
    expect(addedMatch(parse('result=ACCEPT,BLOCKED'), [entry])).toBe(false);
    expect(addedMatch(parse('router=12'), [entry])).toBe(false);
    expect(addedMatch(parse('reason=UNKNOWN_USER'), [entry])).toBe(false);
    expect(addedMatch(parse('login=other'), [entry])).toBe(false);
    expect(addedMatch(parse('login=other'), [entry, { ...entry, login: 'the-other-one' }])).toBe(true);
  });

  it('stops being live once the chosen period is over', () => {
    const now = new Date(2026, 10, 30, 12, 0).getTime();
    expect(isLiveView(parse('until=2026-11-30T11:00'), now)).toBe(false);
    expect(isLiveView(parse('until=2026-11-30T13:00'), now)).toBe(true);
    expect(isLiveView(parse(''), now)).toBe(true);
  });
});
