import { z } from 'zod';
import type { CheckResult } from '../result.js';
import { meetsExpectation } from '../result.js';

/** A trace step in a JSON report. */
export const TraceStepJson = z.object({
  action: z.string(),
  arg: z.unknown().optional(),
  actor: z.string().optional(),
  description: z.string(),
  state: z.unknown(),
});

/**
 * A trace in a JSON report: the initial state and each step with the full state after it; for a
 * liveness counterexample (a lasso), `loop` is the index of the step where the loop starts.
 */
export const TraceJson = z.object({
  initial: z.unknown(),
  steps: z.array(TraceStepJson),
  loop: z.number().int().nonnegative().optional(),
  notes: z.array(z.string()).optional(),
});

/** Where a simulated counterexample came from (see `Origin`). */
const OriginJson = z.object({
  search: z.enum(['walk', 'dfs']),
  seed: z.number().int().nonnegative(),
  depth: z.number().int().nonnegative(),
  run: z.number().int().nonnegative().optional(),
  job: z.number().int().nonnegative().optional(),
  steps: z.number().int().nonnegative(),
});

/** What a simulation or swarm did, in a JSON report (see `SimulationInfo`). */
export const SimulationJson = z.object({
  mode: z.enum(['simulate', 'swarm']),
  seed: z.number().int().nonnegative(),
  depth: z.number().int().nonnegative(),
  runs: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  jobs: z.object({ planned: z.number().int(), done: z.number().int(), depthFirst: z.number().int(), retried: z.number().int() }).optional(),
  found: OriginJson.optional(),
  shrinkSeconds: z.number().nonnegative().optional(),
  coverage: z.array(z.object({ action: z.string(), fired: z.number().int().nonnegative(), instances: z.number().int().positive(), unfired: z.array(z.string()) })),
  reached: z.array(z.object({ property: z.string(), steps: z.number().int().nonnegative(), seed: z.number().int().optional(), run: z.number().int().optional() })),
  unmet: z.array(z.string()),
  others: z
    .array(z.object({ verdict: z.enum(['violates', 'deadlocks', 'error']), property: z.string().optional(), explanation: z.string(), trace: TraceJson, found: OriginJson }))
    .optional(),
});

const CountsJson = { enabled: z.number().int().nonnegative(), newStates: z.number().int().nonnegative() };

/** What a check saw of each action, in a JSON report (see `Coverage`). */
export const CoverageJson = z.object({
  exhaustive: z.boolean(),
  actions: z.array(z.object({ action: z.string(), ...CountsJson, instances: z.array(z.object({ instance: z.string(), ...CountsJson })) })),
  neverEnabled: z.array(z.string()),
  expectedNeverEnabled: z.array(z.object({ name: z.string(), reason: z.string() })),
  enabledAfterAll: z.array(z.string()),
});

/** An expected verdict in a JSON report. */
export const ExpectationJson = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('holds') }),
  z.object({ verdict: z.literal('violates'), property: z.string() }),
  z.object({ verdict: z.literal('deadlocks') }),
]);

/**
 * The JSON report of one check (`interleave check --json`), and the file `interleave replay`
 * reads back. `format` names the version of this layout.
 */
export const CheckReportJson = z.object({
  format: z.literal('interleave.check/1'),
  model: z.string(),
  /** Where the model was loaded from, when it was a file rather than a bundled model. */
  modelFile: z.string().optional(),
  variant: z.string(),
  params: z.record(z.string(), z.unknown()),
  expected: ExpectationJson,
  verdict: z.enum(['holds', 'violates', 'deadlocks', 'incomplete', 'error']),
  asExpected: z.boolean(),
  property: z.string().optional(),
  propertyKind: z.enum(['always', 'sometimes', 'atEnd', 'eventually', 'alwaysEventually', 'leadsTo']).optional(),
  limit: z.enum(['states', 'depth', 'memory', 'time', 'interrupted', 'runs']).optional(),
  explanation: z.string().optional(),
  stats: z.object({
    states: z.number().int().nonnegative(),
    transitions: z.number().int().nonnegative(),
    depth: z.number().int().nonnegative(),
    seconds: z.number().nonnegative(),
    statesPerSecond: z.number().nonnegative(),
    storeBytes: z.number().int().nonnegative(),
  }),
  trace: TraceJson.optional(),
  /** What the user should know about how the check was made (liveness without fairness, say). */
  warnings: z.array(z.string()).optional(),
  /** Each reachability check met, with the length of a shortest trace to a state that meets it. */
  reached: z.array(z.object({ property: z.string(), steps: z.number().int().nonnegative() })).optional(),
  /** With --witness: a shortest trace to a state that meets the named reachability check. */
  witness: z.object({ property: z.string(), trace: TraceJson }).optional(),
  /** With --html on a check: a shortest trace to each reachability check met (what the report of a pass draws). */
  witnesses: z.array(z.object({ property: z.string(), trace: TraceJson })).optional(),
  /**
   * With --fingerprint: states were told apart by 64-bit fingerprints, so the search was
   * exhaustive only up to collisions; `collisionProbability` estimates how likely one was.
   */
  fingerprint: z.object({ collisionProbability: z.number().min(0).max(1) }).optional(),
  /** Under symmetry reduction: the canonical form and the scalarsets whose ids were permuted. */
  symmetry: z.object({ form: z.enum(['exact', 'fast']), sets: z.array(z.object({ name: z.string(), size: z.number().int().min(1) })) }).optional(),
  /** For each action and instance: the states that enabled it, the new states it made, and what was never enabled. */
  coverage: CoverageJson.optional(),
  /** From `interleave simulate` or `swarm`: the seed, bounds, totals, coverage, and where the counterexample came from. */
  simulation: SimulationJson.optional(),
});

/** The JSON report of one check. */
export type CheckReport = z.infer<typeof CheckReportJson>;

/** The JSON report of `interleave check --all`. */
export const CheckAllReportJson = z.object({
  format: z.literal('interleave.check-all/1'),
  allAsExpected: z.boolean(),
  results: z.array(CheckReportJson),
});

/** The JSON report of `interleave check --all`. */
export type CheckAllReport = z.infer<typeof CheckAllReportJson>;

/** Turns a check result into its JSON report. */
export function toReport(result: CheckResult, modelFile?: string): CheckReport {
  const o = result.outcome;
  return {
    format: 'interleave.check/1',
    model: result.model,
    ...(modelFile ? { modelFile } : {}),
    variant: result.variant,
    params: { ...result.params },
    expected: { ...result.expected },
    verdict: o.verdict,
    asExpected: meetsExpectation(o, result.expected),
    ...(o.verdict === 'violates' ? { property: o.property, propertyKind: o.kind } : {}),
    ...(o.verdict === 'incomplete' ? { limit: o.limit } : {}),
    ...(o.verdict === 'holds' ? {} : { explanation: o.explanation }),
    stats: { ...result.stats },
    ...('trace' in o && o.trace ? { trace: o.trace } : {}),
    warnings: [...(result.warnings ?? [])],
    reached: [...(result.reached ?? [])],
    ...(result.witness ? { witness: result.witness } : {}),
    ...(result.witnesses ? { witnesses: result.witnesses } : {}),
    ...(result.fingerprint ? { fingerprint: result.fingerprint } : {}),
    ...(result.symmetry ? { symmetry: result.symmetry } : {}),
    ...(result.coverage ? { coverage: result.coverage } : {}),
    ...(result.simulation ? { simulation: result.simulation } : {}),
  } as CheckReport;
}
