import pc from 'picocolors';

/**
 * Whether to colour text written to stdout, as picocolors decides (`isColorSupported`): never
 * with NO_COLOR or --no-color; else with FORCE_COLOR, on a terminal (not TERM=dumb), on
 * Windows or in CI. `flag` is commander's `--no-color` (false when given). picocolors reads the
 * environment once, when it is loaded; NO_COLOR is read again here, so that a program running
 * the command line in its own process (as the tests do) can turn colour off after that.
 */
export function useColor(flag: boolean | undefined): boolean {
  return flag !== false && !process.env.NO_COLOR && pc.isColorSupported;
}

/** Prints a JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The process exit codes, as the README documents them. */
export const ExitCode = {
  /** The properties hold (with --all: every verdict is the expected one). */
  ok: 0,
  /** A violation or a deadlock (with --all: some verdict is not the expected one). */
  violation: 1,
  /** Bad input, or an error in the model's own code. */
  error: 2,
  /** A limit, an interruption or a lack of memory ended the search before it was exhaustive. */
  incomplete: 3,
  /** An unexpected failure of interleave itself: a bug to report. */
  internal: 4,
} as const;
