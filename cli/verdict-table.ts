import Table, { type TableConstructorOptions } from 'cli-table3';
import pc from 'picocolors';
import stringWidth from 'string-width';
import { describeExpectation } from '../spec/expectation.js';
import type { CheckReport } from '../checker/report/json.js';
import { formatCount, formatSeconds } from '../checker/report/format.js';

/** One row of the `check --all` table: a variant's report, its outcome in a few words, and what its check says about the whole run. */
export interface VerdictRow {
  /** The variant's report (an error report, with zero statistics, when it could not be checked). */
  readonly report: CheckReport;
  /** The outcome in a few words, as `describeOutcome` gives it, or "not checked". */
  readonly outcome: string;
  /** Whether the verdict is the expected one, another one, incomplete, or could not be had at all. */
  readonly status: 'ok' | 'mismatch' | 'incomplete' | 'error';
}

/** How to lay the table out. */
export interface VerdictTableOptions {
  /** Colour the statuses and headings. */
  readonly color: boolean;
  /** The columns the table must fit in (the wide view ignores it). */
  readonly width: number;
  /** Today's full view: every column, the expected and found verdicts in full on every row, however wide. */
  readonly wide?: boolean;
}

/** The columns the table fits in when stdout is not a terminal (a CI log, a file): `COLUMNS` if set, else 100. */
export const DEFAULT_WIDTH = 100;

/** The width to fit: the terminal's, else `COLUMNS` (as shells export it), else `DEFAULT_WIDTH`. */
export function outputWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** Renders the verdict table of `check --all`: fitted to `width`, or with `wide` the full view. */
export function renderVerdictTable(rows: readonly VerdictRow[], options: VerdictTableOptions): string {
  return options.wide ? wideTable(rows, options.color) : fittedTable(rows, options);
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * No borders: one space between columns and one of padding on each cell's right, so columns
 * stand two apart (cli-table3 counts one character per separator when a cell spans columns).
 */
function plainTable(options: Omit<TableConstructorOptions, 'chars' | 'style'>): Table.Table {
  const none = Object.fromEntries(CHAR_NAMES.map((name) => [name, '']));
  return new Table({ ...options, chars: { ...none, middle: ' ' }, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1, compact: true } });
}
const CHAR_NAMES = ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'] as const;
/** The padding on a cell's right (the separator adds one more between columns). */
const PAD = 1;
/** How far variants stand in from their model's heading, and details from their variant. */
const INDENT = 2;

/** The status column: `ok`, or in capitals what is wrong. */
const STATUS: Record<VerdictRow['status'], string> = { ok: 'ok', mismatch: 'MISMATCH', incomplete: 'INCOMPLETE', error: 'ERROR' };

/**
 * One heading row per model, then one row per variant: its verdict in one word, ok or what is
 * wrong, and the size of its check. The long names (the property expected and the one found,
 * an error's explanation) are printed only under a row that is not ok, wrapped to the width.
 * The variant column takes what the others leave; a name too long for it wraps.
 */
function fittedTable(rows: readonly VerdictRow[], { color, width }: VerdictTableOptions): string {
  const c = pc.createColors(color);
  const head = ['variant', 'verdict', 'check', 'states', 'depth', 'time'];
  const cells = rows.map((row) => [row.report.variant, checked(row) ? row.report.verdict : '-', STATUS[row.status], ...stats(row, false)]);
  const details = rows.map(detailOf);
  // Each column as wide as its widest cell (plus padding), the variant column as wide as what is left.
  const natural = head.map((h, i) => Math.max(stringWidth(h), ...cells.map((r) => stringWidth(r[i]))) + PAD);
  natural[0] += INDENT;
  const others = natural.slice(1).reduce((sum, w) => sum + w + 1, 0);
  // Wide enough for the details on one line each, when the width allows.
  const wanted = Math.max(natural[0] + others, ...details.map((d) => stringWidth(d ?? '') + 2 * INDENT + PAD + head.length - 1));
  const variantWidth = Math.max(12, Math.min(wanted, width) - others);
  const colWidths = [variantWidth, ...natural.slice(1)];
  const table = plainTable({ head: head.map((h) => c.bold(h)), colWidths, colAligns: ['left', 'left', 'left', 'right', 'right', 'right'], wordWrap: true });
  const span = head.length;
  let model: string | undefined;
  rows.forEach((row, i) => {
    if (row.report.model !== model) {
      model = row.report.model;
      table.push([{ content: c.bold(model), colSpan: span }]);
    }
    const [variant, verdict, status, ...rest] = cells[i];
    const paint = row.status === 'ok' ? c.green : c.red;
    table.push([{ content: variant, wrapOnWordBoundary: false, style: { 'padding-left': INDENT } }, verdict, paint(status), ...rest]);
    const detail = details[i];
    if (detail) table.push([{ content: detail, colSpan: span, style: { 'padding-left': 2 * INDENT } }]);
  });
  return trimLines(table.toString());
}

/**
 * What a row that is not ok says in full: what was expected and what was found (with why, for
 * a model error), what stopped an incomplete check, or why a variant could not be checked.
 */
function detailOf({ report, outcome, status }: VerdictRow): string | undefined {
  if (status === 'ok') return undefined;
  if (!checked({ outcome })) return report.explanation;
  const expected = status === 'incomplete' ? '' : `expected ${describeExpectation(report.expected)}, `;
  const why = status === 'mismatch' || !report.explanation ? '' : `: ${report.explanation}`;
  return `${expected}found ${outcome}${why}`;
}

/** The full view (`--wide`): model, variant, expected and found verdicts in full, and every statistic, on one line per variant. */
function wideTable(rows: readonly VerdictRow[], color: boolean): string {
  const c = pc.createColors(color);
  const head = ['model', 'variant', 'expected', 'found', 'states', 'transitions', 'depth', 'time'];
  const found = ({ outcome, status }: VerdictRow): string => ({ ok: `ok ${outcome}`, mismatch: `MISMATCH ${outcome}`, incomplete: outcome, error: `ERROR ${outcome}` })[status];
  const table = plainTable({ head: head.map((h) => c.bold(h)), colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right'] });
  for (const row of rows) {
    const r = row.report;
    const line = [r.model, r.variant, describeExpectation(r.expected), found(row), ...stats(row, true)];
    table.push(row.status === 'ok' ? line : line.map((cell) => c.red(cell)));
  }
  const out = [trimLines(table.toString()), ''];
  for (const { report: r } of rows.filter((row) => row.status === 'error')) out.push(c.red(`error in ${r.model} (variant ${r.variant}): ${r.explanation}`));
  return out.join('\n').trimEnd();
}

/** The outcome of a variant that could not be checked at all. */
export const NOT_CHECKED = 'not checked';

function checked(row: Pick<VerdictRow, 'outcome'>): boolean {
  return row.outcome !== NOT_CHECKED;
}

/** States, (transitions,) depth and time, or dashes for a variant that was not checked. */
function stats(row: VerdictRow, withTransitions: boolean): string[] {
  const s = row.report.stats;
  if (!checked(row)) return withTransitions ? ['-', '-', '-', '-'] : ['-', '-', '-'];
  const counts = withTransitions ? [formatCount(s.states), formatCount(s.transitions)] : [formatCount(s.states)];
  return [...counts, String(s.depth), formatSeconds(s.seconds)];
}

/** cli-table3 pads every line to the table's width: drop the trailing spaces. */
function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** The closing line: every verdict as expected, or how many rows are not, by kind (one line each when they do not fit `width` together). */
export function verdictSummary(rows: readonly VerdictRow[], c: Colors, width = Infinity): string {
  const count = (status: VerdictRow['status']) => rows.filter((r) => r.status === status).length;
  if (count('ok') === rows.length) return c.green(`every verdict is the expected one (${rows.length} variants)`);
  const parts = [
    count('mismatch') && `${count('mismatch')} of ${rows.length} verdicts differ from the expected ones`,
    count('error') && `${count('error')} variant${count('error') === 1 ? '' : 's'} could not be checked`,
    count('incomplete') && `${count('incomplete')} check${count('incomplete') === 1 ? ' is' : 's are'} incomplete`,
  ].filter(Boolean);
  const line = parts.join('; ');
  return c.red(stringWidth(line) <= width ? line : parts.join(';\n'));
}

/**
 * One note per variant whose check left an action or instance never enabled (a likely modelling
 * mistake unless the variant declares it in `neverEnabled`), word-wrapped to `width`.
 */
export function neverEnabledNotes(rows: readonly VerdictRow[], c: Colors, width = Infinity): string[] {
  return rows.flatMap(({ report: r }) => {
    const names = r.coverage?.neverEnabled ?? [];
    if (names.length === 0) return [];
    const note = `never enabled in ${r.model} (variant ${r.variant}), a likely modelling mistake unless the variant declares it in neverEnabled: ${names.join(', ')}`;
    return [c.yellow(wrapWords(note, width))];
  });
}

/** Breaks `text` at spaces so that no line is wider than `width` (a word wider than that keeps a line of its own). */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && stringWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}
