import type { Instance } from '../../instance.js';
import { isOutOfMemory } from '../../errors.js';
import type { Outcome } from '../../result.js';
import { BATCH, BreadthFirstDriver, type Batch, type SearchResult } from '../bfs.js';
import type { Expander, Expansion } from '../expander.js';
import type { SearchOptions } from '../options.js';
import { Successors } from '../successors.js';
import { WorkerFailure, WorkerPool } from './pool.js';
import type { WorkerSetup } from './protocol.js';
import { signatureOf } from './signature.js';

/** Levels smaller than this are expanded on the main thread alone by default: a worker round trip would cost more. */
export const PARALLEL_LEVEL = 8 * BATCH;

/** Batches the main thread may expand ahead of the one it must ingest next (each holds its successors until then). */
const AHEAD = 4;

/** How long the main thread expands without letting the event loop in (signals, timers): milliseconds. */
const PAUSE_EVERY = 50;

/**
 * Breadth-first search on `threads` threads: the main thread and `threads - 1` worker threads
 * expand the batches of large levels, and the main thread inserts their successors batch by
 * batch in state order. The driver is the single-threaded search's, so the counts, the verdict
 * and the trace are exactly the same as with one thread; only where batches are expanded
 * changes. Workers start only once a level is large enough, and expand nothing until each has
 * confirmed that it built the same instance as the main thread. The event loop gets in every
 * few milliseconds, so an abort of `options.signal` (Ctrl-C) stops the search soon after.
 * A worker that fails ends the search with a model error saying how, or as incomplete when
 * it ran out of memory.
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
  const abort = whenAborted(options.signal);
  let pool: WorkerPool | undefined;
  let pause = performance.now() + PAUSE_EVERY;
  try {
    for (;;) {
      if (threads > 1 && driver.undispatched >= parallelLevel) {
        pool ??= new WorkerPool(threads - 1, setup, signatureOf(instance));
        await Promise.race([pool.started(), abort.promise]);
        const outcome = driver.stopNow() ?? (await expandInParallel(driver, pool, expander, instance.codec.words, abort.promise));
        if (outcome) return driver.finish(outcome);
        continue;
      }
      const result = driver.expandNextHere(expander, out);
      if (result) return result;
      if (performance.now() >= pause) {
        await new Promise(setImmediate);
        pause = performance.now() + PAUSE_EVERY;
      }
    }
  } catch (error) {
    if (error instanceof WorkerFailure) return driver.finish(failed(driver, error));
    if (isOutOfMemory(error)) return driver.finish(driver.outOfMemory(`the process ran out of memory (${error.message})`));
    throw error;
  } finally {
    abort.dispose();
    await pool?.close();
  }
}

/** The outcome of a search whose worker failed: incomplete when it ran out of memory, else a model error. */
function failed(driver: BreadthFirstDriver, failure: WorkerFailure): Outcome {
  return failure.outOfMemory ? driver.outOfMemory(failure.message) : { verdict: 'error', explanation: failure.message };
}

/** A promise that resolves when the signal is aborted (never, without one), and a function that stops listening. */
function whenAborted(signal: AbortSignal | undefined): { promise: Promise<void>; dispose: () => void } {
  let onAbort = (): void => {};
  const promise = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    if (signal?.aborted) resolve();
  });
  signal?.addEventListener('abort', onAbort, { once: true });
  return { promise, dispose: () => signal?.removeEventListener('abort', onAbort) };
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
async function expandInParallel(driver: BreadthFirstDriver, pool: WorkerPool, expander: Expander, words: number, abort: Promise<void>) {
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
      await Promise.race([head.reply, abort]);
      const stop = driver.stopNow();
      if (stop) return stop;
      continue;
    }
    const mine = new Successors(words, spareOutputs.pop());
    const expansion = driver.expandHere(batch, expander, mine);
    queue.push({ batch, answer: { expansion, successors: mine.data, length: mine.length } });
    ahead++;
    await new Promise(setImmediate);
  }
}
