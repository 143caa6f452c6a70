import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { loadModel } from '../load-model.js';
import { positiveInteger } from '../options.js';
import { ExitCode } from '../output.js';

/** The flags of `interleave worker`. */
export interface WorkerFlags {
  readonly redis: string;
  readonly queue?: string;
  readonly threads?: string;
  readonly stallSeconds?: string;
  readonly quiet?: boolean;
}

/** The `worker` command; its action hands the exit code to `setExit`. */
export function workerCommand(setExit: (code: number) => void): Command {
  return new Command('worker')
    .description('run swarm jobs from Redis (interleave swarm --redis) until stopped with Ctrl-C or SIGTERM')
    .requiredOption('--redis <url>', 'the Redis server, as redis://host:port')
    .option('--queue <name>', 'the queue to take jobs from (default interleave)')
    .option('--threads <n>', 'jobs run at once, each on a thread (default: one per core)')
    .option('--stall-seconds <n>', 'a job whose worker stops answering this long goes back to the queue (default 30)')
    .option('-q, --quiet', 'no line per job on stderr')
    .action(async (flags: WorkerFlags) => setExit(await runWorker(flags)));
}

/**
 * `interleave worker --redis URL`: takes swarm jobs from the queue, each job's model found on
 * this machine by its bundled name or path, until SIGINT or SIGTERM; then lets the running
 * jobs finish and exits.
 */
export async function runWorker(flags: WorkerFlags): Promise<number> {
  const threads = positiveInteger('--threads', flags.threads) ?? availableParallelism();
  const say = (line: string): void => {
    process.stderr.write(`interleave worker: ${line}\n`);
  };
  // Loaded here, as swarm loads its Redis runner: bullmq and ioredis are a third of the start of every other command.
  const { SwarmWorker } = await import('../../checker/swarm/redis-worker.js');
  const worker = await SwarmWorker.start({
    url: flags.redis,
    queue: flags.queue,
    threads,
    stallSeconds: positiveInteger('--stall-seconds', flags.stallSeconds),
    resolveModel: async (model) => (await loadModel(model)).url,
    log: flags.quiet ? undefined : say,
  });
  say(`ready: ${threads} thread${threads === 1 ? '' : 's'} on queue ${flags.queue ?? 'interleave'} at ${flags.redis}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('stopping: the running jobs finish first');
  await worker.close();
  return ExitCode.ok;
}
