import type { ThreadStats } from '../../checker/search/shared/thread-stats.js';
import type { SymmetryForm } from '../../checker/symmetry/canonical.js';

/** rumur's symmetry reductions (`--symmetry-reduction`): one state per orbit, or a sort that may keep several. */
export type RumurReduction = 'exhaustive' | 'heuristic';

/**
 * The checkers the bench compares: interleave on one thread, and on N threads as "interleave ×N";
 * "process form" is interleave on one thread checking the model's process form (a model written
 * with `defineProcess`, such as bench/models/filter-process.ts), beside its action form; in the
 * symmetric tier, interleave reduced in each canonical form and rumur in each reduction.
 */
export type ToolName =
  | 'interleave'
  | `interleave ×${number}`
  | 'process form'
  | `interleave ${SymmetryForm}`
  | 'SPIN'
  | 'rumur'
  | `rumur ${RumurReduction}`;

/** Which of a benchmark model's interleave forms to check: the hand-written actions, or the process. */
export type ModelForm = 'actions' | 'process';

/** The name of interleave on `threads` threads, checking the model's `form`. */
export function interleaveTool(threads: number, form: ModelForm = 'actions'): ToolName {
  if (form === 'process') return 'process form';
  return threads === 1 ? 'interleave' : `interleave ×${threads}`;
}

/** What one run of one tool on one instance measured. */
export interface Measurement {
  /** The tool. */
  readonly tool: ToolName;
  /** Distinct states stored. */
  readonly states: number;
  /** Transitions fired, counted as MODELS.md counts them (SPIN's figure minus its extra one). */
  readonly transitions: number;
  /** How far `transitions` may be from the exact count: 0, or half a unit of the last digit SPIN printed. */
  readonly transitionsTolerance: number;
  /** Breadth-first depth, for the tools that report it (interleave). */
  readonly depth?: number;
  /** Check time in seconds: the search only, no compilation, no process start-up where the tool reports it. */
  readonly seconds: number;
  /** Wall-clock seconds of the whole process. */
  readonly wallSeconds: number;
  /** states / seconds. */
  readonly statesPerSecond: number;
  /** Peak resident set size of the process in bytes; null when it could not be measured. */
  readonly peakRssBytes: number | null;
  /** Bytes interleave's visited set and queue hold (interleave only). */
  readonly storeBytes?: number;
  /** How interleave used its threads, when it ran on more than one. */
  readonly threads?: ThreadStats;
}

/** A tool made ready for one instance (model generated and compiled), to be run as often as needed. */
export interface PreparedTool {
  /** The tool. */
  readonly tool: ToolName;
  /** Seconds spent generating and compiling the verifier, excluded from check time (0 for interleave). */
  readonly buildSeconds: number;
  /** The command line of one run, for the record. */
  readonly command: string;
  /** Runs the check once; rejects when the run fails, finds an error, or its output cannot be read. */
  run(): Promise<Measurement>;
}
