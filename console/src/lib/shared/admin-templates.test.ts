import { describe, expect, it } from 'vitest';
import { lineRange, problemsByLine, templateKey } from './admin-templates';

describe('template editor', () => {
  const text = '# comment\nMikrotik-Rate-Limit = "{rateLimit}"\nFramed-Pool = {pool}';

  it('finds the text of the line an error names, to select it', () => {
    const [start, end] = lineRange(text, 2);
    expect(text.slice(start, end)).toBe('Mikrotik-Rate-Limit = "{rateLimit}"');
    expect(text.slice(...lineRange(text, 1))).toBe('# comment');
    expect(text.slice(...lineRange(text, 99))).toBe('Framed-Pool = {pool}');
  });

  it('groups problems by line', () => {
    const byLine = problemsByLine([
      { line: 2, message: 'a' },
      { line: 2, message: 'b' },
      { line: 5, message: 'c' },
    ]);
    expect([...byLine.entries()]).toEqual([
      [2, ['a', 'b']],
      [5, ['c']],
    ]);
  });

  it('keys a template by vendor and purpose', () => {
    expect(templateKey({ vendor: 'MIKROTIK', purpose: 'BLOCKED' })).toBe('MIKROTIK/BLOCKED');
  });
});
