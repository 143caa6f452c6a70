import type { SimulationProgress } from '../checker/simulate/simulate.js';
import { formatCount } from '../checker/report/format.js';

/**
 * A progress line on stderr for long simulations and swarms (runs, steps, rate, jobs), redrawn
 * in place. Silent when stderr is not a terminal or with --quiet. Returns the callback and a
 * function that clears the line.
 */
export function simulationProgressLine(quiet: boolean): { onProgress?: (p: SimulationProgress) => void; done: () => void } {
  if (quiet || !process.stderr.isTTY) return { done: () => {} };
  let shown = false;
  return {
    onProgress: (p) => {
      shown = true;
      const rate = p.seconds > 0 ? Math.round(p.steps / p.seconds) : 0;
      const jobs = p.jobs ? `, ${formatCount(p.jobs.done)} of ${formatCount(p.jobs.planned)} jobs` : '';
      process.stderr.write(`\r\x1b[K${formatCount(p.runs)} runs, ${formatCount(p.steps)} steps, ${formatCount(rate)} steps/s${jobs}`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
