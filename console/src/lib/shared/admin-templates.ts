/**
 * The RADIUS reply-template editor's pure parts: names for vendors and purposes, and the text
 * positions of a line (to take the caret to the line an error names). Tested without a browser.
 */

export const VENDOR_LABELS: Readonly<Record<string, string>> = {
  MIKROTIK: 'MikroTik',
  CISCO: 'Cisco',
  JUNIPER: 'Juniper',
  UBNT: 'Ubiquiti',
  OTHER: 'Other (standard attributes)',
};

export const PURPOSE_LABELS: Readonly<Record<string, string>> = {
  ACCEPT: 'In good standing',
  BLOCKED: 'Blocked',
};

export function templateKey(t: { vendor: string; purpose: string }): string {
  return `${t.vendor}/${t.purpose}`;
}

/** The [start, end) offsets of a 1-based line of `text` (the last line when past the end). */
export function lineRange(text: string, line: number): [number, number] {
  const lines = text.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < index; i++) start += (lines[i]?.length ?? 0) + 1;
  return [start, start + (lines[index]?.length ?? 0)];
}

/** Problems keyed by their line, for marking the line numbers. */
export function problemsByLine(problems: ReadonlyArray<{ line: number; message: string }>): Map<number, string[]> {
  const byLine = new Map<number, string[]>();
  for (const p of problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p.message]);
  return byLine;
}
