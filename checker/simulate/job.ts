import { z } from 'zod';

const Seed = z.number().int().min(0).max(2 ** 32 - 1);
const Count = z.number().int().nonnegative();

/** A swarm job of random walks: runs `0 .. runs - 1` of `seed`, at most `depth` steps each. */
export const WalkJobJson = z.object({
  search: z.literal('walk'),
  /** The job's number in its swarm. */
  index: Count,
  /** Go on after a counterexample, to find one for each property (the swarm's allViolations). */
  all: z.boolean(),
  seed: Seed,
  depth: z.number().int().positive(),
  runs: z.number().int().positive(),
});

/** A swarm job of one bounded depth-first search (see `DepthFirstSearch`). */
export const DepthFirstJobJson = z.object({
  search: z.literal('dfs'),
  index: Count,
  all: z.boolean(),
  seed: Seed,
  depth: z.number().int().positive(),
  /** The search stops after checking this many states. */
  states: z.number().int().positive(),
  /** Its visited set has 2^tableBits bits. */
  tableBits: z.number().int().min(5).max(32),
});

/** One job of a swarm: what a thread or a machine runs, and what goes through the queue. */
export const SwarmJobJson = z.discriminatedUnion('search', [WalkJobJson, DepthFirstJobJson]);

/** One job of a swarm. */
export type SwarmJob = z.infer<typeof SwarmJobJson>;

/** What a search found in a state, as `Finding` (checker/search/expander.ts). */
export const FindingJson = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['always', 'atEnd']), property: z.string(), explanation: z.string() }),
  z.object({ kind: z.literal('deadlock'), explanation: z.string() }),
  z.object({ kind: z.literal('fault'), message: z.string(), nextAction: Count.optional() }),
]);

/** A tally of what a job saw (see `TallyData`). */
export const TallyJson = z.object({
  runs: Count,
  steps: Count,
  states: Count,
  deepest: Count,
  fired: z.array(Count),
  reached: z.array(z.object({ property: z.string(), steps: Count, seed: Seed.optional(), run: Count.optional() })),
});

/** A job's counterexample: the path from an initial state, its finding, and the run of a walk job that found it. */
export const JobFindingJson = z.object({
  init: Count,
  actions: z.array(Count),
  finding: FindingJson,
  run: Count.optional(),
});

/** What a job sends back: its tally, its counterexamples (at most one per property), and whether it was stopped before its end. */
export const JobResultJson = z.object({
  index: Count,
  tally: TallyJson,
  found: z.array(JobFindingJson),
  stopped: z.boolean(),
});

/** What a job sends back. */
export type JobResult = z.infer<typeof JobResultJson>;

/**
 * Which instance a swarm checks: the model (a bundled model's name or the path of its file),
 * the variant, the parameters, the properties, and how states are checked. A worker builds the
 * instance from it, and refuses the job when the instance's hash is not the one sent.
 */
export const InstanceSpecJson = z.object({
  model: z.string().min(1),
  variant: z.string(),
  params: z.record(z.string(), z.unknown()),
  properties: z.array(z.string()).optional(),
  deadlock: z.boolean(),
  validate: z.boolean(),
});

/** Which instance a swarm checks. */
export type InstanceSpec = z.infer<typeof InstanceSpecJson>;
