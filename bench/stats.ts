import type { Measurement, ToolName } from './tools/tool.js';

/** One run of one tool, numbered by the round it ran in (the tools take turns within a round). */
export type Run = Measurement & { readonly round: number };

/** A tool's median figures over its runs of one instance. */
export interface ToolSummary {
  /** The tool. */
  readonly tool: ToolName;
  /** How many runs the medians are over. */
  readonly runs: number;
  /** Distinct states (the same in every run). */
  readonly states: number;
  /** Transitions (the same in every run). */
  readonly transitions: number;
  /** See {@link Measurement.transitionsTolerance}. */
  readonly transitionsTolerance: number;
  /** Median check time. */
  readonly seconds: number;
  /** Median states per second. */
  readonly statesPerSecond: number;
  /** Median peak RSS in bytes, or null when not measured. */
  readonly peakRssBytes: number | null;
  /** Median peak RSS divided by states. */
  readonly rssBytesPerState: number | null;
  /** Median store bytes divided by states (interleave only). */
  readonly storeBytesPerState?: number;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each tool's medians over its runs, in the order the tools first ran. */
export function summarize(runs: readonly Run[]): ToolSummary[] {
  const tools = [...new Set(runs.map((r) => r.tool))];
  return tools.map((tool) => {
    const mine = runs.filter((r) => r.tool === tool);
    const last = mine[mine.length - 1];
    const rss = mine.map((r) => r.peakRssBytes).filter((b): b is number => b !== null);
    const peakRssBytes = rss.length > 0 ? median(rss) : null;
    const store = mine.map((r) => r.storeBytes).filter((b): b is number => b !== undefined);
    return {
      tool,
      runs: mine.length,
      states: last.states,
      transitions: last.transitions,
      transitionsTolerance: last.transitionsTolerance,
      seconds: median(mine.map((r) => r.seconds)),
      statesPerSecond: median(mine.map((r) => r.statesPerSecond)),
      peakRssBytes,
      rssBytesPerState: peakRssBytes === null ? null : peakRssBytes / last.states,
      ...(store.length > 0 ? { storeBytesPerState: median(store) / last.states } : {}),
    };
  });
}

/**
 * The median, over the rounds in which both ran, of one tool's states per second (by default
 * single-thread interleave's) divided by the other tool's in the same round; undefined when
 * they never ran in the same round.
 */
export function speedRatio(runs: readonly Run[], other: ToolName, tool: ToolName = 'interleave'): number | undefined {
  const ratios: number[] = [];
  for (const mine of runs.filter((r) => r.tool === tool)) {
    const theirs = runs.find((r) => r.tool === other && r.round === mine.round);
    if (theirs) ratios.push(mine.statesPerSecond / theirs.statesPerSecond);
  }
  return ratios.length > 0 ? median(ratios) : undefined;
}

/**
 * The median, over the rounds in which both ran, of the other tool's check time divided by
 * `tool`'s in the same round: how many times faster `tool` answered. For tools that store
 * different numbers of states for the same question (symmetry reductions), this compares them
 * where states per second would not. Undefined when they never ran in the same round.
 */
export function timeRatio(runs: readonly Run[], other: ToolName, tool: ToolName): number | undefined {
  const ratios: number[] = [];
  for (const mine of runs.filter((r) => r.tool === tool)) {
    const theirs = runs.find((r) => r.tool === other && r.round === mine.round);
    if (theirs) ratios.push(theirs.seconds / mine.seconds);
  }
  return ratios.length > 0 ? median(ratios) : undefined;
}
