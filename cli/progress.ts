import type { Progress } from '../checker/search/options.js';
import { formatCount } from '../checker/report/format.js';

/**
 * A progress line on stderr for long runs (states, queue, depth, rate), redrawn in place.
 * Silent when stderr is not a terminal or with --quiet. Returns the callback and a function
 * that clears the line.
 */
export function progressLine(quiet: boolean): { onProgress?: (p: Progress) => void; done: () => void } {
  if (quiet || !process.stderr.isTTY) return { done: () => {} };
  let shown = false;
  return {
    onProgress: (p) => {
      shown = true;
      const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
      process.stderr.write(
        `\r\x1b[K${formatCount(p.states)} states, ${formatCount(p.queued)} queued, depth ${p.depth}, ${formatCount(rate)} states/s`,
      );
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
