import { availableParallelism } from 'node:os';
import { UsageError } from '../checker/errors.js';
import type { SearchOptions } from '../checker/search/options.js';
import type { SymmetryOption } from '../checker/symmetry/reduction.js';

/** The options `check` and `replay` share, as commander hands them over. */
export interface CheckFlags {
  readonly variant?: string;
  readonly param?: string[];
  readonly property?: string[];
  readonly witness?: string;
  readonly all?: boolean;
  readonly json?: boolean;
  readonly itf?: string;
  readonly out?: string;
  readonly html?: string;
  readonly svg?: string;
  /** `--mermaid FILE`: the trace as a Mermaid sequence diagram. */
  readonly mermaid?: string;
  /** `--wide`: the full `check --all` table, whatever the terminal's width. */
  readonly wide?: boolean;
  readonly maxStates?: string;
  readonly maxDepth?: string;
  readonly maxMemory?: string;
  readonly maxSeconds?: string;
  readonly workers?: string;
  readonly fingerprint?: boolean;
  readonly verifySymmetry?: boolean;
  /** `--symmetry <form>` gives the form, `--no-symmetry` false. */
  readonly symmetry?: string | false;
  readonly deadlock: boolean;
  readonly quiet?: boolean;
  /** `--log-every <seconds>`: how often a progress line goes to a stderr that is not a terminal. */
  readonly logEvery?: string;
  readonly full?: boolean;
  /** `--coverage`: print each action's coverage table. */
  readonly coverage?: boolean;
  readonly validate?: boolean;
  readonly color?: boolean;
  readonly typecheck?: boolean;
}

/** Collects a repeated `--param k=v` option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Parses `--param k=v` options into values: integers and booleans become numbers and
 * booleans, anything else stays a string (the model's schema then says if it fits).
 */
export function parseParams(pairs: readonly string[] = []): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][\w-]*)=(.*)$/.exec(pair);
    if (!match) throw new UsageError(`--param takes name=value, as --param threads=3; got "${pair}"`);
    const [, key, raw] = match;
    params[key] = /^-?\d+$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  }
  return params;
}

/** The value of a flag that takes a positive whole number, or undefined when it is not given. */
export function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a positive whole number; got "${value}"`);
  return Number(value);
}

/** Threads per core past which `--workers` is refused: threads beyond the cores only add overhead. */
export const MAX_WORKERS_PER_CORE = 4;

/**
 * The threads the flags ask for to expand states, the main thread included: by default one per
 * core. The result does not depend on it. More than the cores gets a warning on stderr; more
 * than `MAX_WORKERS_PER_CORE` per core is a UsageError.
 */
export function workerCount(flags: CheckFlags, cores = availableParallelism()): number {
  const asked = positiveInteger('--workers', flags.workers);
  if (asked === undefined) return cores;
  const most = MAX_WORKERS_PER_CORE * cores;
  if (asked > most) {
    throw new UsageError(`--workers takes at most ${most} on this machine (${MAX_WORKERS_PER_CORE} per core, ${cores} cores); got ${asked}. Threads beyond the cores only add overhead`);
  }
  if (asked > cores) process.stderr.write(`warning: --workers ${asked} is more than this machine's ${cores} cores; the extra threads only add overhead\n`);
  return asked;
}

/** The symmetry reduction `--symmetry <form>` or `--no-symmetry` asks for (default auto). */
export function symmetryOption(flag: string | false | undefined): SymmetryOption {
  if (flag === false) return 'off';
  if (flag === undefined) return 'auto';
  if (flag === 'auto' || flag === 'exact' || flag === 'fast') return flag;
  throw new UsageError(`--symmetry takes auto, exact or fast (or use --no-symmetry); got "${flag}"`);
}

/** The search options the flags ask for. */
export function searchOptions(flags: CheckFlags): SearchOptions {
  return {
    maxStates: positiveInteger('--max-states', flags.maxStates),
    maxDepth: positiveInteger('--max-depth', flags.maxDepth),
    maxMemoryMiB: positiveInteger('--max-memory', flags.maxMemory),
    maxSeconds: positiveInteger('--max-seconds', flags.maxSeconds),
    deadlock: flags.deadlock,
    witness: flags.witness,
    fingerprint: flags.fingerprint ?? false,
    symmetry: symmetryOption(flags.symmetry),
    validate: flags.validate ?? false,
  };
}
