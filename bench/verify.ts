import type { BenchInstance } from './instances.js';
import type { Run } from './stats.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Compares every run's counts with MODELS.md: states always, transitions and breadth-first
 * depth where MODELS.md gives them exactly. Where it gives no exact transition count, the
 * tools must agree with interleave's. Returns one sentence per disagreement.
 */
export function countMismatches(instance: BenchInstance, runs: readonly Run[]): string[] {
  const { expected } = instance;
  const reference = runs.find((r) => r.tool === 'interleave');
  const problems: string[] = [];
  for (const run of runs) {
    const who = `${run.tool} (run ${run.round})`;
    if (run.states !== expected.states) {
      problems.push(`${who} found ${fmt(run.states)} states; MODELS.md says ${fmt(expected.states)}`);
    }
    const transitions = expected.transitions ?? reference?.transitions;
    const source = expected.transitions !== undefined ? 'MODELS.md says' : 'interleave counts';
    if (transitions !== undefined && Math.abs(run.transitions - transitions) > run.transitionsTolerance) {
      problems.push(`${who} counts ${fmt(run.transitions)} transitions; ${source} ${fmt(transitions)}`);
    }
    if (expected.depth !== undefined && run.depth !== undefined && run.depth !== expected.depth) {
      problems.push(`${who} reaches depth ${fmt(run.depth)}; MODELS.md says ${fmt(expected.depth)}`);
    }
  }
  return problems;
}
