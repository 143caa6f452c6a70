import type { Worker } from 'node:worker_threads';
import { InterleaveError } from '../../errors.js';
import type { Job, Reply, WorkerMessage, WorkerSetup } from './protocol.js';
import { signatureDifference, type InstanceSignature } from './signature.js';
import { startWorker } from './start-worker.js';

/** A worker thread that failed, or built another instance than the main thread: the search cannot go on. */
export class WorkerFailure extends InterleaveError {
  override name = 'WorkerFailure';
  /** @param outOfMemory - whether the worker ran out of memory (the search is then incomplete, not wrong). */
  constructor(message: string, readonly outOfMemory = false) {
    super(message);
  }
}

type Answer = Extract<Reply, { expansion: unknown }>;

/**
 * A fixed set of worker threads that expand batches, each answering its jobs in order. A worker
 * that fails (it dies, ends, runs out of memory, or built another instance than the main
 * thread's) fails every job waiting for an answer and every later one with a WorkerFailure
 * saying what happened, so the search never waits for an answer that cannot come.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: Answer) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<void>;
  private failure: WorkerFailure | undefined;
  private failReady: (failure: WorkerFailure) => void = () => {};
  private readyCount = 0;
  private closing = false;
  private nextId = 0;
  private turn = 0;

  /**
   * @param size - the number of worker threads.
   * @param setup - what each worker builds its instance from.
   * @param signature - the signature of the main thread's instance, which each worker's must match.
   */
  constructor(readonly size: number, setup: WorkerSetup, private readonly signature: InstanceSignature) {
    let allReady: () => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      allReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => {});
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker(import.meta.url, './worker', setup);
      worker.on('message', (message: WorkerMessage) => {
        if ('ready' in message) {
          const difference = signatureDifference(this.signature, message.ready);
          if (difference) return this.fail(new WorkerFailure(notDeterministic(difference)));
          if (++this.readyCount === size) allReady();
          return;
        }
        const pending = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if ('error' in message) pending?.reject(new WorkerFailure(`a worker thread failed while expanding states: ${message.error}`, message.outOfMemory));
        else pending?.resolve(message);
      });
      worker.once('error', (error: Error & { code?: string }) => this.fail(this.failureOf(error)));
      worker.once('exit', (code) => this.fail(new WorkerFailure(`a worker thread ended (exit code ${code}) in the middle of the search: the model's code must not call process.exit`)));
      return worker;
    });
  }

  /** Resolves once every worker has built the same instance as the main thread; rejects with a WorkerFailure otherwise. */
  started(): Promise<void> {
    return this.ready;
  }

  /**
   * Sends a batch to the next worker in turn, with a buffer for its successors if there is one
   * to reuse (both arrays move to the worker); resolves with its expansion.
   */
  expand(states: Uint32Array, count: number, fire: boolean, output?: Uint32Array): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    const job: Job = { id, states, count, fire, ...(output ? { output } : {}) };
    const moved = output ? [states.buffer as ArrayBuffer, output.buffer as ArrayBuffer] : [states.buffer as ArrayBuffer];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(job, moved);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** What an uncaught error in a worker means for the search. */
  private failureOf(error: Error & { code?: string }): WorkerFailure {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkerFailure(`a worker thread ran out of memory (${error.message})`, true);
    if (this.readyCount < this.size) return new WorkerFailure(`a worker thread failed to start: ${error.message}`);
    return new WorkerFailure(
      `a worker thread failed: the model's code threw outside any guard, effect or property (from a timer or a callback, say): ${error.name}: ${error.message}`,
    );
  }

  /** Fails the pool with its first failure: every job waiting for an answer, and every later one. */
  private fail(failure: WorkerFailure): void {
    if (this.closing || this.failure) return;
    this.failure = failure;
    this.failReady(failure);
    for (const { reject } of this.waiting.values()) reject(failure);
    this.waiting.clear();
  }
}

function notDeterministic(difference: string): string {
  return (
    `the model's build is not deterministic: a worker thread built it with ${difference} than the main thread did. ` +
    'The model module and build() must give the same system every time they run (no Math.random, Date.now or other outside state)'
  );
}
