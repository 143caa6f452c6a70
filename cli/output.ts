import { writeFileSync } from 'node:fs';
import { UsageError, messageOf } from '../checker/errors.js';

/** Whether to colour text written to stdout: a TTY, and neither NO_COLOR nor --no-color. */
export function useColor(flag: boolean | undefined): boolean {
  return flag !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

/** Writes a JSON document to a file, or says clearly why it could not. */
export function writeJsonFile(file: string, value: unknown): void {
  try {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`could not write ${file}: ${messageOf(error)}`);
  }
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
  /** A limit ended the search before it was exhaustive. */
  incomplete: 3,
} as const;
