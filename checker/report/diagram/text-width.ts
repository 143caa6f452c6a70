// Advance widths in em of a wide sans-serif (Verdana, DejaVu Sans): measuring with the widest
// common face means text set in any narrower fallback still fits the space computed for it.
const lower: Record<string, number> = {
  a: 0.6, b: 0.62, c: 0.52, d: 0.62, e: 0.6, f: 0.35, g: 0.62, h: 0.63, i: 0.28, j: 0.34, k: 0.59, l: 0.28, m: 0.98,
  n: 0.63, o: 0.61, p: 0.62, q: 0.62, r: 0.43, s: 0.53, t: 0.4, u: 0.63, v: 0.59, w: 0.83, x: 0.59, y: 0.59, z: 0.53,
};
const special: Record<string, number> = { I: 0.43, J: 0.46, M: 0.86, W: 1, ' ': 0.35, '.': 0.37, ',': 0.37, ':': 0.4, ';': 0.4, "'": 0.27, '!': 0.4, '|': 0.42, '(': 0.46, ')': 0.46, '[': 0.46, ']': 0.46, '-': 0.43 };

/** The advance width of a monospaced character, in em, rounded up from the common faces' 0.6. */
export const monoEm = 0.62;

/** A conservative width, in pixels, of `text` set in a sans-serif face at `size` pixels. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (ch in special) em += special[ch];
    else if (ch in lower) em += lower[ch];
    else if (ch >= 'A' && ch <= 'Z') em += 0.74;
    else if (ch >= '0' && ch <= '9') em += 0.64;
    else if (ch.charCodeAt(0) < 128) em += 0.7;
    else em += 1;
  }
  return em * size * (bold ? 1.1 : 1);
}

/**
 * Breaks `text` into lines no wider than `width` pixels at `size` pixels, between words where
 * it can and inside a word longer than a whole line.
 */
export function wrapText(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => textWidth(s, size, bold) <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let n = 1;
      while (n < rest.length && fits(rest.slice(0, n + 1))) n++;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A run of monospaced text in one style. */
export interface Run {
  /** The text. */
  readonly text: string;
  /** Its style's class name. */
  readonly cls: string;
}

/**
 * Breaks runs of monospaced text into lines of at most `columns` characters, after a space or
 * a comma where one is near the end of the line, inside a run otherwise.
 */
export function wrapRuns(runs: readonly Run[], columns: number): Run[][] {
  const chars = runs.flatMap((r) => [...r.text].map((ch) => ({ ch, cls: r.cls })));
  const lines: Run[][] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + columns);
    if (end < chars.length) {
      let at = end - 1;
      while (at > start + columns / 2 && chars[at].ch !== ' ' && chars[at].ch !== ',') at--;
      if (chars[at].ch === ' ' || chars[at].ch === ',') end = at + 1;
    }
    const line: Run[] = [];
    for (const { ch, cls } of chars.slice(start, end)) {
      const last = line.at(-1);
      if (last && last.cls === cls) line[line.length - 1] = { text: last.text + ch, cls };
      else line.push({ text: ch, cls });
    }
    lines.push(line);
    start = end;
  }
  return lines.length ? lines : [[]];
}
