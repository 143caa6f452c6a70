import type { Progress } from '../checker/search/options.js';
import stringWidth from 'string-width';
import { formatCount } from '../checker/report/format.js';

/** Seconds between two progress lines in a log (stderr not a terminal), unless the command says otherwise. */
export const LOG_EVERY_SECONDS = 10;

/** A growth ratio of the levels above this is too close to 1 to foresee the end from. */
const LEVELLING_OFF = 0.9;

/** How often a live line on a terminal is redrawn. */
const REDRAW_MS = 1000;

/** A progress report for a long run: the callback to feed, how often to feed it, and a function to call at the end. */
export interface ProgressReporter<P> {
  /** Called with each snapshot; absent when nothing is to be shown (--quiet). */
  readonly onProgress?: (progress: P) => void;
  /** How often, in milliseconds, the run should call `onProgress`. */
  readonly everyMs: number;
  /** Clears a live line, if one was drawn. */
  readonly done: () => void;
}

/** Where and how often to report. */
export interface ReporterOptions {
  /** No progress at all. */
  readonly quiet: boolean;
  /** Seconds between two lines in a log (default `LOG_EVERY_SECONDS`). */
  readonly logEverySeconds?: number;
  /** Where to write (default stderr); a terminal gets a live line redrawn in place, anything else a line every so often. */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Reports progress on stderr, worded by `describe`: on a terminal, one live line redrawn in
 * place; elsewhere (a CI log, a file), a `progress:` line every `logEverySeconds`, so that a
 * long run in CI shows it is alive and how far it got. Silent with `quiet`.
 */
export function progressReporter<P>(options: ReporterOptions, describe: (progress: P) => string): ProgressReporter<P> {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { everyMs: REDRAW_MS, done: () => {} };
  if (!stream.isTTY) {
    const everyMs = (options.logEverySeconds ?? LOG_EVERY_SECONDS) * 1000;
    return { everyMs, onProgress: (p) => stream.write(`progress: ${describe(p)}\n`), done: () => {} };
  }
  let shown = false;
  return {
    everyMs: REDRAW_MS,
    onProgress: (p) => {
      shown = true;
      stream.write(`\r\x1b[K${fitLine(describe(p), stream.columns)}`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/**
 * A live line cut to the terminal's width: a line that wrapped could not be redrawn in place
 * (`\r` goes back to the start of the last row only).
 */
export function fitLine(line: string, columns: number | undefined): string {
  if (!columns || stringWidth(line) < columns) return line;
  let cut = line;
  while (cut.length > 0 && stringWidth(cut) > columns - 2) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * The progress of an exhaustive check: states, rate, queue, depth, elapsed time, memory, and a
 * rough hint of the work left from how the levels grow.
 */
export function progressLine(options: ReporterOptions): ProgressReporter<Progress> {
  return progressReporter(options, describeProgress);
}

/** One progress snapshot in words: "1,204,332 states, 81,200 states/s, 310,004 queued, depth 17, 15 s, 412 MiB; …". */
export function describeProgress(p: Progress, rssBytes: number = process.memoryUsage.rss()): string {
  const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
  const parts = [
    `${formatCount(p.states)} states`,
    `${formatCount(rate)} states/s`,
    `${formatCount(p.queued)} queued`,
    `depth ${p.depth}`,
    formatElapsed(p.seconds),
    `${formatCount(Math.round(rssBytes / 2 ** 20))} MiB`,
  ];
  const hint = workLeftHint(p.levels);
  return `${parts.join(', ')}${hint ? `; ${hint}` : ''}`;
}

/** Elapsed time as a person reads it: 42 s, 3 min 05 s, 1 h 02 min. */
export function formatElapsed(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${two(Math.floor(s / 60) % 60)} min`;
}

/**
 * A rough hint of the work left, from the sizes of the levels: `levels` holds the states at
 * each depth, complete but for the last (the next level, still being found). From the growth of
 * the last two complete levels: while it is 1 or more, the search is still widening and no end
 * can be foreseen (nor just under 1); once it shrinks by a ratio r, the levels to come add about L·r/(1−r) states
 * (a geometric series from the last complete level L), which gives a rough total. Nothing with
 * fewer than two complete levels.
 */
export function workLeftHint(levels: readonly number[]): string | undefined {
  const complete = levels.slice(0, -1);
  if (complete.length < 2) return undefined;
  const [before, last] = complete.slice(-2);
  if (before === 0) return undefined;
  const ratio = last / before;
  const growth = `×${ratio.toFixed(2)} per level`;
  if (ratio >= 1) return `levels still growing (${growth}): no end in sight yet`;
  // Near 1 the series says little: the total it gives swings with every level.
  if (ratio > LEVELLING_OFF) return `levels levelling off (${growth}): too early to tell the end`;
  const known = complete.reduce((sum, n) => sum + n, 0);
  // The next level, partly found, may already pass its share of the estimate.
  const total = Math.max(Math.round(known + (last * ratio) / (1 - ratio)), known + (levels.at(-1) ?? 0));
  return `levels shrinking (${growth}): roughly ${formatCount(total)} states in all`;
}
