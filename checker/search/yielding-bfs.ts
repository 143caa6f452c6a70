import type { Instance } from '../instance.js';
import { BreadthFirstDriver, type SearchResult } from './bfs.js';
import type { Expander } from './expander.js';
import type { SearchOptions } from './options.js';
import { Successors } from './successors.js';

/** How long the search runs without letting the event loop in (signals, timers): milliseconds. */
const PAUSE_EVERY = 50;

/**
 * The single-threaded breadth-first search, letting the event loop in every few milliseconds,
 * so that an abort of `options.signal` (from a signal handler, say) stops it soon after.
 */
export async function yieldingBreadthFirstSearch(instance: Instance, options: SearchOptions): Promise<SearchResult> {
  const driver = new BreadthFirstDriver(instance, options);
  return (await searchUntil(driver, driver.expander(), new Successors(instance.codec.words), () => false))!;
}

/**
 * Runs `driver`'s search on this thread with `expander` (its successors in `out`), letting the
 * event loop in every few milliseconds, until it ends (returns its result) or until `stopBefore`
 * says to stop before a level of that many states (returns undefined: `driver.handOver()` then
 * gives what it found).
 */
export async function searchUntil(
  driver: BreadthFirstDriver,
  expander: Expander,
  out: Successors,
  stopBefore: (levelStates: number) => boolean,
): Promise<SearchResult | undefined> {
  let pause = performance.now() + PAUSE_EVERY;
  for (;;) {
    const level = driver.nextLevel();
    if (level !== undefined && stopBefore(level)) return undefined;
    const result = driver.expandNextHere(expander, out);
    if (result) return result;
    if (performance.now() >= pause) {
      await new Promise(setImmediate);
      pause = performance.now() + PAUSE_EVERY;
    }
  }
}
