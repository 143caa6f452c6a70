import type { Instance } from '../../instance.js';
import { BATCH, BreadthFirstDriver, type Batch, type SearchResult } from '../bfs.js';
import type { Expander, Expansion } from '../expander.js';
import type { SearchOptions } from '../options.js';
import { Successors } from '../successors.js';
import { WorkerPool } from './pool.js';
import type { WorkerSetup } from './protocol.js';

/** Levels smaller than this are expanded on the main thread alone by default: a worker round trip would cost more. */
export const PARALLEL_LEVEL = 8 * BATCH;

/** Batches the main thread may expand ahead of the one it must ingest next (each holds its successors until then). */
const AHEAD = 4;

/**
 * Breadth-first search on `threads` threads: the main thread and `threads - 1` worker threads
 * expand the batches of large levels, and the main thread inserts their successors batch by
 * batch in state order. The driver is the single-threaded search's, so the counts, the verdict
 * and the trace are exactly the same as with one thread; only where batches are expanded
 * changes. Workers start only once a level is large enough.
 */
export async function parallelBreadthFirstSearch(
  instance: Instance,
  options: SearchOptions,
  threads: number,
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
        pool ??= await startPool(threads - 1, setup);
        const outcome = await expandInParallel(driver, pool, expander, instance.codec.words);
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

/** A batch handed out, with its expansion once known. */
interface Entry {
  readonly batch: Batch;
  /** A worker's pending answer; absent for a batch the main thread expanded. */
  readonly reply?: Promise<unknown>;
  answer?: { expansion: Expansion; successors: Uint32Array; length: number; states?: Uint32Array };
}

/**
 * Runs the current level and those after it while they are large: keeps every worker busy with
 * two batches, expands further batches on the main thread while the next answer to ingest is
 * not in yet, and ingests answers strictly in the order the batches were handed out. Returns an
 * outcome if the search ends early, or undefined once no batch is left.
 */
async function expandInParallel(driver: BreadthFirstDriver, pool: WorkerPool, expander: Expander, words: number) {
  const queue: Entry[] = [];
  // Arrays that came back with answers, reused for the next jobs: fresh memory costs page faults.
  const spareStates: Uint32Array[] = [];
  const spareOutputs: Uint32Array[] = [];
  let atWorkers = 0;
  let ahead = 0;
  const successors = new Successors(words, 0);
  for (;;) {
    while (atWorkers < 2 * pool.size) {
      const batch = driver.nextBatch();
      if (typeof batch === 'string') break;
      const entry: Entry = { batch, reply: pool.expand(driver.statesOf(batch, spareStates.pop()), batch.count, batch.fire, spareOutputs.pop()).then((answer) => (entry.answer = answer)) };
      // A failure is thrown when this entry reaches the head; until then it is not unhandled.
      entry.reply?.catch(() => {});
      queue.push(entry);
      atWorkers++;
    }
    const head = queue[0];
    if (head === undefined) return undefined;
    if (head.answer) {
      queue.shift();
      if (head.reply) atWorkers--;
      else ahead--;
      const { expansion, successors: data, length, states } = head.answer;
      successors.data = data;
      successors.length = length;
      const outcome = driver.ingest(head.batch, expansion, successors);
      // Later batches' answers are not needed then; they arrive and are dropped.
      if (outcome) return outcome;
      spareOutputs.push(data);
      if (states) spareStates.push(states);
      continue;
    }
    // The next answer is not in: rather than wait, expand a batch here, then let messages in.
    const batch = ahead < AHEAD ? driver.nextBatch() : 'wait';
    if (typeof batch === 'string') {
      await head.reply;
      continue;
    }
    const mine = new Successors(words, spareOutputs.pop());
    const expansion = driver.expandHere(batch, expander, mine);
    queue.push({ batch, answer: { expansion, successors: mine.data, length: mine.length } });
    ahead++;
    await new Promise(setImmediate);
  }
}
