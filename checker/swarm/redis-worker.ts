import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { messageOf } from '../errors.js';
import type { InstanceSpec, JobResult, SwarmJob } from '../simulate/job.js';
import { JobThreads } from '../simulate/threads.js';
import { checkRedis } from './connection.js';
import { DEFAULT_QUEUE, QueuedJobJson, stopKey } from './messages.js';

/** How a swarm worker runs. */
export interface SwarmWorkerOptions {
  /** The Redis server, as `redis://host:port`. */
  readonly url: string;
  /** The queue to take jobs from (default `interleave`). */
  readonly queue?: string;
  /** Jobs run at once, each on a thread of its own. */
  readonly threads: number;
  /**
   * Seconds after which a job whose worker stopped answering (killed, its machine gone) goes
   * back to the queue for another worker (default 30, BullMQ's lock duration).
   */
  readonly stallSeconds?: number;
  /** Finds a job's model on this machine (a bundled model's name, or a path): the URL of its module. */
  readonly resolveModel: (model: string) => Promise<string>;
  /** Where to say what the worker does, a line at a time. */
  readonly log?: (line: string) => void;
}

/** How often a running job's stop flag is polled. */
const STOP_POLL_MS = 250;

/** How many times a job may lose its worker and be put back before it counts as failed. */
const MAX_STALLS = 5;

/**
 * A swarm worker: takes jobs from the BullMQ queue, builds each job's instance from this
 * machine's copy of the model (once per instance), refuses a job whose instance hash differs
 * from the swarm's, runs it on a thread (so this thread keeps renewing the job's lock), polls
 * the swarm's stop flag meanwhile, and sends the result back through the queue.
 */
export class SwarmWorker {
  private readonly pools = new Map<string, Promise<JobThreads>>();

  private constructor(private readonly options: SwarmWorkerOptions, private readonly flags: Redis, private worker?: Worker) {}

  /** Connects (a clear error when nothing answers at the URL) and starts taking jobs. */
  static async start(options: SwarmWorkerOptions): Promise<SwarmWorker> {
    await checkRedis(options.url);
    const self = new SwarmWorker(options, new Redis(options.url));
    const stall = (options.stallSeconds ?? 30) * 1000;
    self.worker = new Worker(options.queue ?? DEFAULT_QUEUE, (job) => self.process(job), {
      connection: { url: options.url, maxRetriesPerRequest: null },
      concurrency: options.threads,
      lockDuration: stall,
      stalledInterval: stall,
      maxStalledCount: MAX_STALLS,
    });
    self.worker.on('error', (error) => options.log?.(`error: ${error.message}`));
    await self.worker.waitUntilReady();
    return self;
  }

  /** Stops taking jobs, lets the running ones finish, and stops the threads. */
  async close(): Promise<void> {
    await this.worker?.close();
    await Promise.allSettled([...this.pools.values()].map(async (pool) => (await pool).close()));
    this.flags.disconnect();
  }

  private async process(queued: Job): Promise<JobResult> {
    const parsed = QueuedJobJson.safeParse(queued.data);
    if (!parsed.success) throw new UnrecoverableError(`not a swarm job of this version of interleave: at ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
    const { swarm, spec, hash, job } = parsed.data;
    const flag = stopKey(queued.queueName, swarm);
    if (await this.flags.exists(flag)) return { index: job.index, tally: { runs: 0, steps: 0, states: 0, deepest: 0, fired: [], reached: [] }, found: [], stopped: true };
    const threads = await this.threadsFor(spec);
    if (threads.hash !== hash) {
      throw new UnrecoverableError(
        `this worker built ${spec.model} (variant ${spec.variant}) with instance hash ${threads.hash}, but the swarm's is ${hash}: this machine has another version of the model or of interleave`,
      );
    }
    const log = this.options.log ?? (() => {});
    log(`job ${queued.id} started: ${describeJob(job)}`);
    const running = threads.run(job);
    const poll = setInterval(() => {
      this.flags.exists(flag).then((set) => set && running.stop(), () => {});
    }, STOP_POLL_MS);
    try {
      const result = await running.result;
      const found = result.found.map((f) => f.finding.kind).join(', ');
      log(`job ${queued.id} done: ${result.tally.runs} runs, ${result.tally.steps} steps${found ? `, found ${found}` : ''}${result.stopped ? ' (stopped)' : ''}`);
      return result;
    } finally {
      clearInterval(poll);
    }
  }

  /** The threads for an instance: started on its first job, kept for the next ones. */
  private threadsFor(spec: InstanceSpec): Promise<JobThreads> {
    const key = JSON.stringify(spec);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = (async () => {
        let modelUrl: string;
        try {
          modelUrl = await this.options.resolveModel(spec.model);
        } catch (error) {
          throw new UnrecoverableError(`this worker cannot load model ${spec.model}: ${messageOf(error)}`);
        }
        try {
          return await JobThreads.start(this.options.threads, { modelUrl, ...spec });
        } catch (error) {
          throw new UnrecoverableError(`this worker cannot build ${spec.model} (variant ${spec.variant}): ${messageOf(error)}`);
        }
      })();
      pool.catch(() => this.pools.delete(key));
      this.pools.set(key, pool);
    }
    return pool;
  }
}

function describeJob(job: SwarmJob): string {
  return job.search === 'walk'
    ? `${job.runs} random walks of depth ${job.depth}, seed ${job.seed}`
    : `depth-first search of at most ${job.states} states, depth ${job.depth}, seed ${job.seed}`;
}
