/**
 * Checks one benchmark instance in this process and prints one JSON line on stdout: the
 * verdict, the statistics and this process's peak RSS. Run by tools/interleave.ts in a fresh
 * process per run, so that peak RSS belongs to that run alone:
 *
 *     node --import tsx bench/tools/interleave-child.ts <model> '<size as JSON>' [threads] [off|exact|fast] [actions|process]
 *
 * The symmetry reduction is off (every state, as MODELS.md counts) unless the fourth argument
 * names a canonical form; the last argument picks the model's action form (the default) or its
 * process form.
 *
 * @packageDocumentation
 */
import { checkInParallel, type ParallelCheckOptions } from '../../checker/check.js';
import type { SymmetryOption } from '../../checker/symmetry/reduction.js';
import type { ThreadStats } from '../../checker/search/shared/thread-stats.js';
import { familyNamed, interleaveParams } from '../instances.js';

/** What the child prints. */
export interface ChildReport {
  /** The verdict ("holds" for every benchmark instance). */
  readonly verdict: string;
  /** Why, when the verdict is not "holds". */
  readonly explanation?: string;
  /** The search's statistics. */
  readonly stats: { states: number; transitions: number; depth: number; seconds: number; storeBytes: number };
  /** This process's peak resident set size in bytes. */
  readonly peakRssBytes: number;
  /** The canonical form the search stored states in, or "off" when it stored every state. */
  readonly symmetry: string;
  /** With more than one thread: how the search used them. */
  readonly threads?: ThreadStats;
}

const [modelName, sizeJson, workers, symmetry = 'off', form = 'actions'] = process.argv.slice(2);
if (!modelName || !sizeJson || !['off', 'exact', 'fast'].includes(symmetry) || (form !== 'actions' && form !== 'process')) {
  process.stderr.write("usage: node --import tsx bench/tools/interleave-child.ts <model> '<size as JSON>' [threads] [off|exact|fast] [actions|process]\n");
  process.exit(2);
}
const family = familyNamed(modelName);
const checked = form === 'process' ? family.processForm : family;
if (!checked) {
  process.stderr.write(`benchmark model ${family.name} has no process form\n`);
  process.exit(2);
}
const size = JSON.parse(sizeJson) as Record<string, number>;
const options: ParallelCheckOptions = {
  variant: family.variant,
  params: interleaveParams({ size }),
  deadlock: family.interleaveDeadlock,
  workers: workers ? Number(workers) : 1,
  symmetry: symmetry as SymmetryOption,
  modelUrl: checked.modelUrl,
  progressEveryMs: 10_000,
  onProgress: (p) =>
    process.stderr.write(
      `  interleave: ${p.states.toLocaleString('en-US')} states, ${p.queued.toLocaleString('en-US')} queued, depth ${p.depth}, ${p.seconds.toFixed(0)} s\n`,
    ),
};
const result = await checkInParallel(checked.model, options);
const outcome = result.outcome;
const report: ChildReport = {
  verdict: outcome.verdict,
  explanation: 'explanation' in outcome ? outcome.explanation : undefined,
  stats: result.stats,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  symmetry: result.symmetry?.form ?? 'off',
  ...(result.threads ? { threads: result.threads } : {}),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
