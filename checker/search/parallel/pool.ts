import type { Worker } from 'node:worker_threads';
import { InterleaveError } from '../../errors.js';
import type { Job, Reply, WorkerSetup } from './protocol.js';
import { startWorker } from './start-worker.js';

/** A fixed set of worker threads that expand batches, each answering its jobs in order. */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly ready: Promise<void>[];
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  constructor(readonly size: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: size }, () => startWorker(import.meta.url, './worker', setup));
    this.ready = this.workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', (error) => reject(new InterleaveError(`a worker thread failed to start: ${error.message}`)));
        }),
    );
    for (const worker of this.workers) {
      worker.on('message', (reply: Reply | 'ready') => {
        if (reply === 'ready') return;
        const pending = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('error' in reply) pending?.reject(new InterleaveError(`a worker thread failed: ${reply.error}`));
        else pending?.resolve(reply);
      });
    }
  }

  /** Resolves once every worker has built its instance. */
  async started(): Promise<void> {
    await Promise.all(this.ready);
  }

  /**
   * Sends a batch to the next worker in turn, with a buffer for its successors if there is one
   * to reuse (both arrays move to the worker); resolves with its expansion.
   */
  expand(states: Uint32Array, count: number, fire: boolean, output?: Uint32Array): Promise<Extract<Reply, { expansion: unknown }>> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    const job: Job = { id, states, count, fire, ...(output ? { output } : {}) };
    const moved = output ? [states.buffer as ArrayBuffer, output.buffer as ArrayBuffer] : [states.buffer as ArrayBuffer];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: Reply) => void, reject });
      worker.postMessage(job, moved);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
