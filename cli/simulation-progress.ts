import type { SimulationProgress } from '../checker/simulate/simulate.js';
import { formatCount } from '../checker/report/format.js';
import { formatElapsed, progressReporter, type ProgressReporter } from './progress.js';

/**
 * The progress of a long simulation or swarm (runs, steps, rate, jobs, elapsed time) on stderr:
 * a live line on a terminal, a line every few seconds in a log; silent with --quiet.
 */
export function simulationProgressLine(quiet: boolean): ProgressReporter<SimulationProgress> {
  return progressReporter({ quiet }, (p) => {
    const rate = p.seconds > 0 ? Math.round(p.steps / p.seconds) : 0;
    const jobs = p.jobs ? `, ${formatCount(p.jobs.done)} of ${formatCount(p.jobs.planned)} jobs` : '';
    return `${formatCount(p.runs)} runs, ${formatCount(p.steps)} steps, ${formatCount(rate)} steps/s${jobs}, ${formatElapsed(p.seconds)}`;
  });
}
