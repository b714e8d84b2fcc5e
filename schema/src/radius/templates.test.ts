import { describe, expect, it } from 'vitest';
import { loadDictionary } from './dictionary.ts';
import { defaultTemplate, parseTemplate, renderTemplate, TEMPLATE_PURPOSES, TEMPLATE_VENDORS } from './templates.ts';

const dictionary = loadDictionary();

describe('reply templates', () => {
  it('ship a default for every vendor and purpose that parses', () => {
    for (const vendor of TEMPLATE_VENDORS) for (const purpose of TEMPLATE_PURPOSES) expect(parseTemplate(defaultTemplate(vendor, purpose), dictionary).ok).toBe(true);
  });

  it('render placeholders, drop lines whose values are empty, and type numbers', () => {
    const parsed = parseTemplate('Framed-IP-Address = {framedIp}\nFramed-Pool = {pool}\nMikrotik-Rate-Limit = "{rateLimit}"\nAcct-Interim-Interval = {interimInterval}\nReply-Message = "hi"'.replace('Reply-Message', 'Filter-Id'), dictionary);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const out = renderTemplate(parsed.lines, { framedIp: null, pool: 'p1', rateLimit: '1k/2k', interimInterval: 300 });
    expect(out.map((a) => [a.def.name, a.value])).toEqual([
      ['Framed-Pool', 'p1'],
      ['Mikrotik-Rate-Limit', '1k/2k'],
      ['Acct-Interim-Interval', 300],
      ['Filter-Id', 'hi'],
    ]);
  });

  it('name every problem with its line', () => {
    const parsed = parseTemplate('# fine\nNo-Such-Attribute = 1\nFramed-Pool = {nope}\nMessage-Authenticator = 0x00\nSession-Timeout = soon\nnonsense', dictionary);
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { line: 2, message: 'unknown attribute No-Such-Attribute' },
        { line: 3, message: 'unknown placeholder {nope}' },
        { line: 4, message: 'Message-Authenticator is set by the RADIUS server itself' },
        { line: 5, message: 'Session-Timeout takes a number' },
        { line: 6, message: 'expected "Attribute-Name = value"' },
      ],
    });
  });
});
