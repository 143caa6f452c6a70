import type { Worker } from 'node:worker_threads';
import { InterleaveError } from '../../errors.js';
import { Control, type SharedTable } from '../../store/shared-table.js';
import { signatureDifference, type InstanceSignature } from '../parallel/signature.js';
import { startWorker } from '../parallel/start-worker.js';
import type { Level, LevelWork, Numbered } from './level-runner.js';
import type { Order, Report, WorkerSetup } from './protocol.js';

/** A worker thread that failed, or built another instance than the main thread: the search cannot go on. */
export class WorkerFailure extends InterleaveError {
  override name = 'WorkerFailure';
  /** @param outOfMemory - whether the worker ran out of memory (the search is then incomplete, not wrong). */
  constructor(message: string, readonly outOfMemory = false) {
    super(message);
  }
}

/** A level being expanded by the crew: the work done so far, and how to end the wait for it. */
interface Round {
  /** What each worker did, by worker; `done` of them have said. */
  readonly work: LevelWork[];
  done: number;
  /** Workers waiting for the table to grow, and the room they need. */
  parked: number;
  needed: number;
  resolve: (work: LevelWork[]) => void;
  reject: (failure: WorkerFailure) => void;
}

/**
 * The worker threads of the shared-table search. Each builds the instance itself and must
 * confirm that it is the main thread's before it gets any work; then all of them expand each
 * level given to `run` together, inserting into the shared table, and store its new states. When the table is full,
 * a worker waits; once every worker waits or is done with the level, the main thread grows the
 * table and wakes them (a brief, measured stop). A worker that fails (it dies, ends, runs out
 * of memory, or built another instance) fails the level being expanded and every later one
 * with a WorkerFailure saying what happened, so the search never waits for an answer that
 * cannot come.
 */
export class Crew {
  private readonly workers: Worker[];
  private readonly ready: Promise<void>;
  private failure: WorkerFailure | undefined;
  private failReady: (failure: WorkerFailure) => void = () => {};
  private readyCount = 0;
  private closing = false;
  private round: Round | undefined;
  /** Segments every worker has been sent (the first level sends them all). */
  private segmentsSent = 0;
  /** Times the table grew in the middle of a level, and the milliseconds that took. */
  growths = 0;
  growthMs = 0;

  /**
   * @param size - the number of worker threads.
   * @param setup - what each worker builds its instance from.
   * @param signature - the signature of the main thread's instance, which each worker's must match.
   * @param table - the shared table they insert into.
   * @param fanout - the shared array of the level's fan-outs.
   */
  constructor(
    readonly size: number,
    setup: WorkerSetup,
    private readonly signature: InstanceSignature,
    private readonly table: SharedTable,
    fanout: SharedArrayBuffer,
  ) {
    let allReady: () => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      allReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => {});
    this.workers = Array.from({ length: size }, (_, index) => {
      const worker = startWorker(import.meta.url, './worker', setup);
      worker.on('message', (report: Report) => {
        if ('ready' in report) {
          const difference = signatureDifference(this.signature, report.ready);
          if (difference) return this.fail(new WorkerFailure(notDeterministic(difference)));
          worker.postMessage({ attach: { ...table.handles(), segments: [] }, fanout } satisfies Order);
          if (++this.readyCount === size) allReady();
          return;
        }
        if ('error' in report) return this.fail(new WorkerFailure(`a worker thread failed while expanding states: ${report.error}`, report.outOfMemory));
        const round = this.round;
        if (!round) return;
        if ('full' in report) {
          round.parked++;
          round.needed += report.full;
        } else {
          round.work[index] = report.done;
          round.done++;
        }
        this.growIfAllWait(round);
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

  /** Whether every worker has confirmed its instance (and none failed). */
  get isReady(): boolean {
    return this.readyCount === this.size && !this.failure;
  }

  /** Whether every worker has confirmed its instance, or one failed: `started()` has settled. */
  get settled(): boolean {
    return this.readyCount === this.size || this.failure !== undefined;
  }

  /**
   * Has every worker expand `level` (or store the numbered new states of one) with the main
   * thread's table; resolves with what each did.
   */
  run(job: { readonly level: Level } | { readonly store: Numbered }): Promise<LevelWork[]> {
    if (this.failure) return Promise.reject(this.failure);
    const segments = this.table.handles(this.segmentsSent).segments;
    this.segmentsSent = this.table.segments;
    Atomics.store(this.table.control, Control.Chunk, 0);
    return new Promise((resolve, reject) => {
      this.round = { work: [], done: 0, parked: 0, needed: 0, resolve, reject };
      for (const worker of this.workers) worker.postMessage({ ...job, segments } satisfies Order);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Ends the round when every worker is done; grows the table and wakes the waiting ones when every worker is done or waits. */
  private growIfAllWait(round: Round): void {
    if (round.done === this.size) {
      this.round = undefined;
      round.resolve(round.work);
      return;
    }
    if (round.parked === 0 || round.parked + round.done < this.size) return;
    const began = performance.now();
    try {
      this.table.growFor(this.table.occupied + round.needed);
    } catch (error) {
      this.fail(error instanceof InterleaveError ? new WorkerFailure(error.message) : new WorkerFailure(String(error)));
      return;
    }
    this.growths++;
    this.growthMs += performance.now() - began;
    round.parked = 0;
    round.needed = 0;
    Atomics.add(this.table.control, Control.Epoch, 1);
    Atomics.notify(this.table.control, Control.Epoch);
  }

  /** What an uncaught error in a worker means for the search. */
  private failureOf(error: Error & { code?: string }): WorkerFailure {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkerFailure(`a worker thread ran out of memory (${error.message})`, true);
    if (this.readyCount < this.size) return new WorkerFailure(`a worker thread failed to start: ${error.message}`);
    return new WorkerFailure(
      `a worker thread failed: the model's code threw outside any guard, effect or property (from a timer or a callback, say): ${error.name}: ${error.message}`,
    );
  }

  /** Fails the crew with its first failure: the level being expanded, and every later one. */
  private fail(failure: WorkerFailure): void {
    if (this.closing || this.failure) return;
    this.failure = failure;
    this.failReady(failure);
    this.round?.reject(failure);
    this.round = undefined;
  }
}

function notDeterministic(difference: string): string {
  return (
    `the model's build is not deterministic: a worker thread built it with ${difference} than the main thread did. ` +
    'The model module and build() must give the same system every time they run (no Math.random, Date.now or other outside state)'
  );
}
