import type pc from 'picocolors';
import type { Origin, SimulationInfo } from '../simulate/info.js';
import type { Statistics } from '../result.js';
import { formatCount, formatSeconds } from './format.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Instances named under an action that never fired, at most. */
const UNFIRED_SHOWN = 8;

/** How a simulated trace came about, for the headline: "shrunk from 47 steps found by a random walk". */
export function describeFound(found: Origin): string {
  return `shrunk from ${plural(found.steps, 'step')} found by ${found.search === 'walk' ? 'a random walk' : 'a depth-first search'}`;
}

/**
 * Where a simulated counterexample came from, and for the first one, how to find it again:
 * "Found by run 17 of seed 42 (depth 100); interleave simulate with --seed 42 --depth 100
 * --runs 18 finds it again." (The first is the first its walks met, so the walks before it met
 * nothing; a further one of `allViolations` may come after walks that met another bug.)
 */
export function renderOrigin(simulation: SimulationInfo, found: Origin): string {
  const job = found.job === undefined ? '' : `swarm job ${found.job}, `;
  if (found.search === 'walk') {
    const again = found === simulation.found ? `; interleave simulate with --seed ${found.seed} --depth ${found.depth} --runs ${found.run! + 1} finds it again` : '';
    return `Found by ${job}run ${found.run} of seed ${found.seed} (depth ${found.depth})${again}.`;
  }
  return `Found by ${job}a depth-first search with seed ${found.seed} (depth ${found.depth}) in the swarm of seed ${simulation.seed}.`;
}

/**
 * What a simulation that found nothing saw: how often each action fired and which instances
 * never did, the reachability checks met and those not met.
 */
export function renderCoverage(simulation: SimulationInfo, c: Colors): string[] {
  const width = Math.max(...simulation.coverage.map((a) => a.action.length));
  const lines = [c.bold('Steps per action:')];
  for (const a of simulation.coverage) {
    const never = a.unfired.length === 0 ? '' : a.unfired.length === a.instances ? '  never fired' : `  never: ${listed(a.unfired)}`;
    lines.push(`    ${a.action.padEnd(width)}  ${formatCount(a.fired).padStart(12)}${never ? c.yellow(never) : ''}`);
  }
  for (const r of simulation.reached) {
    const where = r.run === undefined ? '' : `, run ${r.run} of seed ${r.seed}`;
    lines.push(`reached "${r.property}" (first in ${plural(r.steps, 'step')}${where})`);
  }
  for (const name of simulation.unmet) lines.push(c.yellow(`not reached in these runs: "${name}" (no verdict: a simulation cannot show that a state is unreachable)`));
  return lines;
}

/** The totals line: "10,000 runs, 412,345 steps, deepest 100, 1.23 s (335,000 steps/s)". */
export function renderSimulationStats(simulation: SimulationInfo, stats: Statistics): string {
  const jobs = simulation.jobs;
  const parts = [
    ...(jobs ? [`${formatCount(jobs.done)} of ${plural(jobs.planned, 'job')} (${formatCount(jobs.depthFirst)} depth-first)${jobs.retried > 0 ? `, ${formatCount(jobs.retried)} retried` : ''}`] : []),
    plural(simulation.runs, 'run'),
    plural(simulation.steps, 'step'),
    `deepest ${stats.depth}`,
    `${formatSeconds(stats.seconds)} (${formatCount(Math.round(stats.seconds > 0 ? simulation.steps / stats.seconds : 0))} steps/s)`,
    ...(simulation.shrinkSeconds === undefined ? [] : [`shrinking ${formatSeconds(simulation.shrinkSeconds)}`]),
  ];
  return parts.join(', ');
}

function listed(labels: readonly string[]): string {
  const shown = labels.slice(0, UNFIRED_SHOWN).join(', ');
  return labels.length > UNFIRED_SHOWN ? `${shown} and ${labels.length - UNFIRED_SHOWN} more` : shown;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
