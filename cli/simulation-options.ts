import type { Command } from 'commander';
import { UsageError } from '../checker/errors.js';
import { MAX_SEED } from '../checker/simulate/random.js';
import type { SimulationSelection } from '../checker/simulate/simulate.js';
import { collect, parseParams, positiveInteger } from './options.js';

/** The flags `simulate` and `swarm` share, as commander hands them over. */
export interface SimulationFlags {
  readonly variant?: string;
  readonly param?: string[];
  readonly property?: string[];
  readonly deadlock: boolean;
  readonly validate?: boolean;
  readonly depth?: string;
  readonly maxSeconds?: string;
  readonly seed?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly itf?: string;
  readonly html?: string;
  readonly svg?: string;
  /** `--mermaid FILE`: the trace as a Mermaid sequence diagram. */
  readonly mermaid?: string;
  readonly full?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
}

/** The instance the flags select, and how its states are checked. */
export function selection(flags: SimulationFlags): SimulationSelection {
  return {
    variant: flags.variant,
    params: parseParams(flags.param),
    properties: flags.property,
    deadlock: flags.deadlock,
    validate: flags.validate ?? false,
  };
}

/** The bounds the flags give: depth, time and seed (each undefined when not given). */
export function bounds(flags: SimulationFlags): { depth?: number; maxSeconds?: number; seed?: number } {
  return { depth: positiveInteger('--depth', flags.depth), maxSeconds: seconds('--max-seconds', flags.maxSeconds), seed: seed(flags.seed) };
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value) || !(Number(value) > 0)) throw new UsageError(`${flag} takes a number of seconds above 0, as ${flag} 30; got "${value}"`);
  return Number(value);
}

function seed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > MAX_SEED) throw new UsageError(`--seed takes a whole number from 0 to ${MAX_SEED}; got "${value}"`);
  return Number(value);
}

/**
 * Adds the options `simulate` and `swarm` share to a command: the same selection as `check`,
 * the depth, time and seed bounds, and the same reports.
 */
export function withSimulationOptions(command: Command): Command {
  return command
    .argument('<model>', 'bundled model name, or path to a model file (./my-model.ts)')
    .option('-v, --variant <name>', "the variant to simulate (default: the model's first)")
    .option('-p, --param <name=value>', 'set a parameter (repeatable)', collect)
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect)
    .option('--no-deadlock', 'do not report states with no enabled action as deadlocks')
    .option('--depth <n>', 'the longest walk, in steps (default 100)')
    .option('--max-seconds <s>', 'stop after this many seconds')
    .option('--seed <n>', 'the seed, a whole number below 2^32 (default: a fresh one, printed)')
    .option('--json', 'print the report as JSON (documented in docs/json-report.md)')
    .option('--out <file>', 'also write the JSON report to a file (for interleave replay)')
    .option('--itf <file>', 'write the trace in the Informal Trace Format (Apalache ADR-015)')
    .option('--html <file>', 'write the trace as a self-contained HTML report')
    .option('--svg <file>', 'write the trace as a standalone SVG sequence diagram')
    .option('--mermaid <file>', 'write the trace as a Mermaid sequence diagram (in a ```mermaid fence when FILE ends in .md)')
    .option('--validate', 'extra checks for model authors: frozen states for guards, deterministic effects')
    .option('--full', 'show every field of every state in a trace, not only the changes')
    .option('-q, --quiet', 'no progress line on stderr')
    .option('--no-color', 'plain text even on a terminal');
}
