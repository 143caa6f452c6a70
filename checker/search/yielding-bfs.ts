import type { Instance } from '../instance.js';
import { BreadthFirstDriver, type SearchResult } from './bfs.js';
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
  const expander = driver.expander();
  const out = new Successors(instance.codec.words);
  let pause = performance.now() + PAUSE_EVERY;
  for (;;) {
    const result = driver.expandNextHere(expander, out);
    if (result) return result;
    if (performance.now() >= pause) {
      await new Promise(setImmediate);
      pause = performance.now() + PAUSE_EVERY;
    }
  }
}
