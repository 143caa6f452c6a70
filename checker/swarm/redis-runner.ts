import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { InterleaveError, messageOf } from '../errors.js';
import type { Instance } from '../instance.js';
import { instanceHash } from '../simulate/instance-hash.js';
import { JobResultJson, type InstanceSpec, type JobResult, type SwarmJob } from '../simulate/job.js';
import type { JobRunner, RedisSwarmOptions } from '../simulate/swarm.js';
import { checkRedis } from './connection.js';
import { DEFAULT_QUEUE, queuedJobId, stopKey, type QueuedJob } from './messages.js';

/** How long a swarm's stop flag stays in Redis: longer than any job. */
const STOP_FLAG_SECONDS = 24 * 3600;

/** Finished jobs stay an hour (BullMQ then evicts them), so that a result is read even when its event came first. */
const KEEP = { age: 3600 };

/**
 * Runs a swarm's jobs through a BullMQ queue on Redis: enqueues them, each with the instance's
 * name, parameters and hash, and gathers the results that `interleave worker` processes on any
 * number of machines send back through the queue (each job's return value, announced by the
 * queue's events). A worker that dies mid-job loses
 * its lock and BullMQ's stalled-job check puts the job back for another worker; those retries
 * are counted. Stopping sets the swarm's stop flag, which running jobs poll, and removes the
 * jobs still waiting.
 */
export class RedisRunner implements JobRunner {
  private readonly swarm = randomUUID();
  private readonly pending = new Set<string>();
  /** Settles the wait for a job that stop() removed before it ran. */
  private readonly dropped = new Map<string, () => void>();
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly flags: Redis,
    private readonly name: string,
    private readonly spec: InstanceSpec,
    private readonly hash: string,
  ) {}

  /** Connects to Redis (a clear error when nothing answers there) and prepares the queue for `instance`. */
  static async start(instance: Instance, spec: InstanceSpec, options: RedisSwarmOptions): Promise<RedisRunner> {
    await checkRedis(options.url);
    const name = options.queue ?? DEFAULT_QUEUE;
    const connection = { url: options.url };
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    const hash = instanceHash(instance, { deadlock: spec.deadlock, validate: spec.validate });
    return new RedisRunner(queue, events, new Redis(options.url), name, spec, hash);
  }

  async run(jobs: readonly SwarmJob[], onResult: (result: JobResult) => void): Promise<{ retried: number }> {
    let retried = 0;
    this.events.on('stalled', ({ jobId }) => {
      if (this.pending.has(jobId)) retried++;
    });
    for (const job of jobs) this.pending.add(queuedJobId(this.swarm, job.index));
    const added = await this.queue.addBulk(
      jobs.map((job) => {
        const data: QueuedJob = { swarm: this.swarm, spec: this.spec, hash: this.hash, job };
        return { name: `${this.spec.model} job ${job.index}`, data, opts: { jobId: queuedJobId(this.swarm, job.index), removeOnComplete: KEEP, removeOnFail: KEEP } };
      }),
    );
    // waitUntilFinished also reads the result of a job that finished before its events were
    // listened to; a job dropped by stop() is settled there instead.
    await Promise.all(
      added.map(
        (queued, i) =>
          new Promise<void>((resolve, reject) => {
            const id = queued.id!;
            const index = jobs[i].index;
            this.dropped.set(id, resolve);
            queued.waitUntilFinished(this.events).then(
              (value: unknown) => {
                if (!this.pending.delete(id)) return resolve();
                const parsed = JobResultJson.safeParse(value);
                if (!parsed.success) return reject(new InterleaveError(`a worker sent a malformed result for swarm job ${index}: ${parsed.error.issues[0].message}`));
                if (parsed.data.index !== index) return reject(new InterleaveError(`a worker sent the result of job ${parsed.data.index} for swarm job ${index}`));
                onResult(parsed.data);
                resolve();
              },
              (error: unknown) => (this.pending.delete(id) ? reject(new InterleaveError(`swarm job ${index} failed on a worker: ${messageOf(error)}`)) : resolve()),
            );
          }),
      ),
    );
    await this.stopping;
    return { retried };
  }

  stop(): void {
    this.stopping ??= (async () => {
      await this.flags.set(stopKey(this.name, this.swarm), '1', 'EX', STOP_FLAG_SECONDS);
      // Waiting jobs go now; a running job (locked) cannot be removed, and finishes early instead.
      for (const id of [...this.pending]) {
        if ((await this.queue.remove(id)) === 1 && this.pending.delete(id)) this.dropped.get(id)?.();
      }
    })();
  }

  async close(): Promise<void> {
    // After a failure, the jobs left must not keep the workers busy.
    if (this.pending.size > 0) this.stop();
    await this.stopping;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.flags.disconnect();
  }
}
