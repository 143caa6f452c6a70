import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swarm } from '../../checker/simulate/swarm.js';
import { planJobs } from '../../checker/simulate/plan.js';
import type { QueuedJob } from '../../checker/swarm/messages.js';
import type { CheckReport } from '../../checker/report/json.js';
import peterson from '../../models/peterson/peterson.js';
import { freePort, runCliAsync, startCli, startRedis, stop, waitFor, type Started } from './processes.js';

/** The runs and steps of every job a worker reports done, summed. */
function workerTotals(...workers: Started[]): { runs: number; steps: number; jobs: number } {
  const totals = { runs: 0, steps: 0, jobs: 0 };
  for (const w of workers) {
    for (const [, runs, steps] of w.output.matchAll(/job \S+ done: (\d+) runs, (\d+) steps/g)) {
      totals.runs += Number(runs);
      totals.steps += Number(steps);
      totals.jobs++;
    }
  }
  return totals;
}

/** Runs the CLI to its end in the background (so that workers started meanwhile keep running), and parses its JSON report. */
async function swarmJson(...args: string[]): Promise<{ code: number | null; report: CheckReport; output: string }> {
  const run = startCli('swarm', ...args, '--json', '-q');
  const code = await run.exited;
  const json = run.stdout;
  try {
    return { code, report: JSON.parse(json) as CheckReport, output: run.output };
  } catch {
    throw new Error(`interleave swarm printed no JSON report (exit ${code}):\n${run.output}`);
  }
}

describe('the swarm across processes, through a real Redis', () => {
  let redis: { server: Started; url: string };
  const started: Started[] = [];
  const worker = (...args: string[]): Started => {
    const w = startCli('worker', '--redis', redis.url, '--threads', '1', ...args);
    started.push(w);
    return w;
  };
  const dir = mkdtempSync(join(tmpdir(), 'interleave-redis-'));

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await Promise.all(started.map((w) => stop(w)));
    if (redis) await stop(redis.server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers find a seeded bug; its report replays, and the totals are the workers\' sums', async () => {
    const workers = [worker(), worker()];
    await Promise.all(workers.map((w) => waitFor(w, /ready: 1 thread on queue interleave/)));
    const out = join(dir, 'found.json');
    const { code, report } = await swarmJson('ocaml-callback-fragments', '--variant', 'per-thread-leak', '--redis', redis.url, '--seed', '1', '--jobs', '12', '--runs', '200', '--out', out);
    expect(code).toBe(1);
    expect(report.verdict).toBe('violates');
    expect(report.property).toBe('no value is freed while a stack references it');
    expect(report.trace!.steps.length).toBeLessThanOrEqual(12); // the shortest is 8
    expect(report.simulation!.found!.job).toBeDefined();
    expect((await runCliAsync('replay', out)).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the workers' last lines
    const totals = workerTotals(...workers);
    expect({ runs: report.simulation!.runs, steps: report.simulation!.steps }).toEqual({ runs: totals.runs, steps: totals.steps });
    expect(report.simulation!.jobs!.done).toBe(totals.jobs);
  });

  it('with nothing to find, both workers take jobs, every job is done once, and the totals add up', async () => {
    const workers = started.slice(0, 2);
    const before = workerTotals(...workers);
    const { code, report } = await swarmJson('ocaml-callback-fragments', '--variant', 'fixed-thunks', '--redis', redis.url, '--seed', '2', '--jobs', '8', '--runs', '100', '--depth', '40');
    expect(code).toBe(3);
    expect(report.verdict).toBe('incomplete');
    const walkJobs = planJobs({ seed: 2, depth: 40, jobs: 8, runs: 100, all: false }).filter((j) => j.search === 'walk').length;
    expect(report.simulation!.jobs).toEqual({ planned: 8, done: 8, depthFirst: 8 - walkJobs, retried: 0 });
    expect(report.simulation!.runs).toBe(walkJobs * 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = workerTotals(...workers);
    expect(after.jobs - before.jobs).toBe(8);
    expect(after.runs - before.runs).toBe(report.simulation!.runs);
    expect(after.steps - before.steps).toBe(report.simulation!.steps);
    for (const w of workers) expect(w.output).toMatch(/job \S+ done/);
  });

  it('works from the library API too', async () => {
    const result = await swarm(peterson, { variant: 'turn-first', redis: { url: redis.url, model: 'peterson' }, seed: 3, jobs: 4, runs: 100 });
    expect(result.outcome.verdict === 'violates' && result.outcome.trace!.steps.length).toBe(8);
  });

  it('a worker killed in the middle of a job does not lose it: another worker runs it again', async () => {
    const queue = ['--queue', 'killed'];
    const doomed = worker(...queue, '--stall-seconds', '2');
    await waitFor(doomed, /ready/);
    const run = startCli('swarm', 'philosophers', '--variant', 'ordered', '--redis', redis.url, ...queue, '--seed', '4', '--jobs', '3', '--runs', '3000', '--json', '-q');
    await waitFor(doomed, /job \S+ started/);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const rescuer = worker(...queue, '--stall-seconds', '2');
    expect(await run.exited).toBe(3);
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.simulation!.jobs).toMatchObject({ planned: 3, done: 3 });
    expect(report.simulation!.jobs!.retried).toBeGreaterThanOrEqual(1);
    expect(report.simulation!.runs).toBe(3 * 3000); // jobs 0, 1 and 2 are all walk jobs
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(workerTotals(rescuer).runs).toBe(report.simulation!.runs);
    expect(workerTotals(doomed).jobs).toBe(0);
  });

  it('a worker refuses a job whose instance hash differs from its own build of the model', async () => {
    const connection = { url: redis.url };
    const queue = new Queue('interleave', { connection });
    const events = new QueueEvents('interleave', { connection });
    try {
      await events.waitUntilReady();
      const data: QueuedJob = {
        swarm: 'hash-test',
        spec: { model: 'peterson', variant: 'correct', params: {}, deadlock: true, validate: false },
        hash: '0123456789abcdef',
        job: { search: 'walk', index: 0, all: false, seed: 1, depth: 10, runs: 1 },
      };
      const failed = new Promise<string>((resolve) => events.on('failed', ({ jobId, failedReason }) => jobId === 'hash-test-0' && resolve(failedReason)));
      await queue.add('hash test', data, { jobId: 'hash-test-0' });
      expect(await failed).toMatch(/this worker built peterson \(variant correct\) with instance hash [0-9a-f]{16}, but the swarm's is 0123456789abcdef/);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('says clearly when no Redis answers, or the URL is not one', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const run = await runCliAsync('swarm', 'peterson', '--redis', nobody);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`interleave: cannot reach Redis at ${nobody}: .*Start redis-server there`));
    const bad = await runCliAsync('worker', '--redis', 'localhost:6379');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--redis takes a Redis URL, as redis:\/\/127\.0\.0\.1:6379; got "localhost:6379"/);
  });
});

