import type { Worker } from 'node:worker_threads';
import { InterleaveError } from '../errors.js';
import { startWorker } from '../search/parallel/start-worker.js';
import type { WorkerSetup } from '../search/shared/protocol.js';
import type { JobResult, SwarmJob } from './job.js';

/** What a swarm's worker thread needs to build the same instance as the main thread: a search worker's setup but for symmetry, which simulation does not use. */
export type ThreadSetup = Omit<WorkerSetup, 'symmetry'>;

/** What a swarm's worker thread sends: its instance's hash once ready, then one answer per job. */
export type ThreadReply = { readonly ready: string } | { readonly result: JobResult } | { readonly error: string };

/** A job handed to the threads: its result to come, and a way to stop it early. */
export interface RunningJob {
  readonly result: Promise<JobResult>;
  /** Asks the job to stop after its current walk (or its current thousand states): its result then says `stopped`. */
  stop(): void;
}

interface Waiting {
  readonly job: SwarmJob;
  readonly flag: Int32Array;
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Worker threads that run swarm jobs, each thread one job at a time, further jobs waiting their
 * turn. Each thread builds the instance itself from the model's module (as a parallel check's
 * workers do), so the main thread stays free to hand out jobs, gather results, and keep a
 * queue's locks alive. Each job has a stop flag in memory shared with its thread.
 */
export class JobThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Waiting>();
  private readonly queue: Waiting[] = [];
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[], readonly hash: string) {
    for (const worker of workers) {
      worker.on('message', (reply: ThreadReply) => this.answer(worker, reply));
      worker.on('error', (error) => this.fail(worker, new InterleaveError(`a swarm thread failed: ${error.message}`)));
      worker.on('exit', () => this.fail(worker, new InterleaveError('a swarm thread stopped unexpectedly')));
      this.idle.push(worker);
    }
  }

  /**
   * Starts `count` threads for the instance `setup` names; resolves once every one has built it
   * (and agrees on its hash), rejects with the model's own error when it cannot be built.
   */
  static async start(count: number, setup: ThreadSetup): Promise<JobThreads> {
    const workers = Array.from({ length: count }, () => startWorker(import.meta.url, './thread', setup));
    try {
      const hashes = await Promise.all(workers.map(readyHash));
      if (new Set(hashes).size > 1) throw new InterleaveError('the swarm threads built different instances of the model: its build is not deterministic');
      return new JobThreads(workers, hashes[0]);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
  }

  /** The number of threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Hands a job to the next free thread (or queues it until one is free). */
  run(job: SwarmJob): RunningJob {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const result = new Promise<JobResult>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ job, flag, resolve, reject });
      this.dispatch();
    });
    return { result, stop: () => Atomics.store(flag, 0, 1) };
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    this.failure ??= new InterleaveError('the swarm threads were closed');
    for (const waiting of this.queue.splice(0)) waiting.reject(this.failure);
    await Promise.all(this.workers.map((w) => (w.removeAllListeners('exit'), w.terminate())));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const waiting = this.queue.shift()!;
      this.busy.set(worker, waiting);
      worker.postMessage({ job: waiting.job, stop: waiting.flag.buffer });
    }
  }

  private answer(worker: Worker, reply: ThreadReply): void {
    const waiting = this.busy.get(worker);
    if (!waiting || 'ready' in reply) return;
    this.busy.delete(worker);
    this.idle.push(worker);
    if ('error' in reply) waiting.reject(new InterleaveError(`a swarm job failed: ${reply.error}`));
    else waiting.resolve(reply.result);
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure ??= error;
    this.busy.get(worker)?.reject(error);
    this.busy.delete(worker);
    for (const waiting of this.queue.splice(0)) waiting.reject(error);
  }
}

/** Waits for a new thread's first message: its instance's hash, or the error that stopped it. */
function readyHash(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: ThreadReply) => {
      if ('ready' in reply) resolve(reply.ready);
      else reject(new InterleaveError('error' in reply ? reply.error : 'a swarm thread answered before it was ready'));
    });
    worker.once('error', (error) => reject(new InterleaveError(`a swarm thread failed to start: ${error.message}`)));
  });
}
