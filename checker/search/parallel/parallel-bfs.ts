import type { Instance } from '../../instance.js';
import { BATCH, BreadthFirstDriver, type Batch, type SearchResult } from '../bfs.js';
import type { SearchOptions } from '../options.js';
import { Successors } from '../successors.js';
import type { Expansion } from '../expander.js';
import { WorkerPool } from './pool.js';
import type { WorkerSetup } from './protocol.js';

/** Levels smaller than this are expanded on the main thread by default: a worker round trip would cost more. */
export const PARALLEL_LEVEL = 4 * BATCH;

/**
 * Breadth-first search with worker threads expanding the batches of large levels while the
 * main thread inserts their successors, batch by batch in state order. The driver is the
 * single-threaded search's, so the counts, the verdict and the trace are exactly the same as
 * with one thread; only the expansion moves. Workers start only when a level is large enough.
 */
export async function parallelBreadthFirstSearch(
  instance: Instance,
  options: SearchOptions,
  workers: number,
  setup: WorkerSetup,
  parallelLevel = PARALLEL_LEVEL,
): Promise<SearchResult> {
  const driver = new BreadthFirstDriver(instance, options);
  const expander = driver.expander();
  const out = new Successors(instance.codec.words);
  let pool: WorkerPool | undefined;
  try {
    for (;;) {
      if (driver.undispatched >= parallelLevel) {
        pool ??= await startPool(workers, setup);
        const outcome = await expandInParallel(driver, pool, workers);
        if (outcome) return driver.finish(outcome);
        continue;
      }
      const result = driver.expandNextHere(expander, out);
      if (result) return result;
    }
  } finally {
    await pool?.close();
  }
}

async function startPool(workers: number, setup: WorkerSetup): Promise<WorkerPool> {
  const pool = new WorkerPool(workers, setup);
  await pool.started();
  return pool;
}

/**
 * Hands out batches to the workers, keeping each busy with two, and ingests the answers in
 * order, level after level, until the search is done. Returns an outcome if it ends early.
 */
async function expandInParallel(driver: BreadthFirstDriver, pool: WorkerPool, workers: number) {
  const inFlight: { batch: Batch; reply: Promise<{ expansion: Expansion; successors: Uint32Array; length: number }> }[] = [];
  const refill = () => {
    while (inFlight.length < 2 * workers) {
      const batch = driver.nextBatch();
      if (typeof batch === 'string') return;
      inFlight.push({ batch, reply: pool.expand(driver.statesOf(batch), batch.count, batch.fire) });
    }
  };
  refill();
  const successors = new Successors(0, 0);
  while (inFlight.length > 0) {
    const { batch, reply } = inFlight.shift()!;
    const answer = await reply;
    successors.data = answer.successors;
    successors.length = answer.length;
    const outcome = driver.ingest(batch, answer.expansion, successors);
    if (outcome) {
      // Later batches' answers are not needed; let them arrive and be dropped.
      for (const pending of inFlight) pending.reply.catch(() => {});
      return outcome;
    }
    refill();
  }
  return undefined;
}
