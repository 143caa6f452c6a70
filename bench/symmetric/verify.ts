import type { Run } from '../stats.js';
import type { ToolName } from '../tools/tool.js';
import type { SymmetricInstance } from './instances.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The tools that store exactly one state per orbit. */
const exactTools: readonly ToolName[] = ['interleave exact', 'rumur exhaustive'];

/**
 * Cross-checks the counts of one symmetric-tier instance; returns one sentence per problem.
 * - The exact forms store one state per orbit: interleave's and rumur's agree (states and
 *   transitions), and equal the closed form where the instance has one.
 * - No fast form stores fewer states than there are orbits: fewer would mean it merged two
 *   orbits, and could miss a state.
 * - interleave's fast form stores no more states than rumur's heuristic in the same round
 *   (issue 16's target).
 */
export function crossCheck(instance: SymmetricInstance, runs: readonly Run[]): string[] {
  const problems: string[] = [];
  const who = (run: Run) => `${run.tool} (run ${run.round})`;
  const exact = runs.find((r) => r.tool === 'interleave exact');
  const orbits = instance.orbits ?? exact?.states;
  for (const run of runs) {
    if (exactTools.includes(run.tool)) {
      if (instance.orbits !== undefined && run.states !== instance.orbits) {
        problems.push(`${who(run)} stored ${fmt(run.states)} states; the closed form gives ${fmt(instance.orbits)} orbits`);
      }
      if (exact && run.tool === 'rumur exhaustive' && (run.states !== exact.states || run.transitions !== exact.transitions)) {
        problems.push(
          `${who(run)} counts ${fmt(run.states)} states and ${fmt(run.transitions)} transitions; ` +
            `interleave exact ${fmt(exact.states)} and ${fmt(exact.transitions)}`,
        );
      }
    } else if (orbits !== undefined && run.states < orbits) {
      problems.push(`${who(run)} stored ${fmt(run.states)} states, fewer than the ${fmt(orbits)} orbits: it merged orbits`);
    }
    const heuristic = runs.find((r) => r.tool === 'rumur heuristic' && r.round === run.round);
    if (run.tool === 'interleave fast' && heuristic && run.states > heuristic.states) {
      problems.push(`${who(run)} stored ${fmt(run.states)} states, more than rumur heuristic's ${fmt(heuristic.states)}`);
    }
  }
  return problems;
}
