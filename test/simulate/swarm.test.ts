import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { swarm } from '../../checker/simulate/swarm.js';
import { simulate } from '../../checker/simulate/simulate.js';
import { planJobs } from '../../checker/simulate/plan.js';
import { replay } from '../../checker/replay.js';
import { toReport } from '../../checker/report/json.js';
import { renderResult } from '../../checker/report/text.js';
import peterson from '../../models/peterson/peterson.js';
import { root } from '../support/cli.js';
import { workerModelUrl } from '../support/worker-model.js';
import buffer from './unchecked-buffer.js';

const url = (path: string) => pathToFileURL(join(root, path)).href;
const petersonUrl = workerModelUrl('models/peterson/peterson.ts');
const bufferUrl = workerModelUrl('test/simulate/unchecked-buffer.ts');

describe('the swarm on local threads', () => {
  it('finds a violation, stops the other jobs, and reports the shrunk trace with the job that found it', async () => {
    const result = await swarm(peterson, { variant: 'turn-first', modelUrl: petersonUrl, threads: 2, seed: 1, jobs: 64, runs: 500 });
    const o = result.outcome;
    expect(o.verdict === 'violates' && o.property).toBe('mutual exclusion');
    expect(o.verdict === 'violates' && o.trace!.steps.length).toBe(8);
    const { jobs, found } = result.simulation;
    expect(found!.job).toBeDefined();
    expect(jobs!.done).toBeLessThan(64); // a found violation drops the jobs not started
    expect(replay(peterson, JSON.parse(JSON.stringify(toReport(result)))).steps).toBe(8);
    expect(renderResult(result)).toMatch(/Found by swarm job \d+, /);
    // Jobs 0 and 1, the first two on the threads, are walks; the walk that found it is found
    // again by simulate, from the job's seed and the run.
    expect(found!.search).toBe('walk');
    const again = simulate(peterson, { variant: 'turn-first', seed: found!.seed, depth: found!.depth, runs: found!.run! + 1 });
    expect(again.simulation.found).toMatchObject({ seed: found!.seed, run: found!.run, steps: found!.steps });
    expect(again.outcome).toEqual(o);
  });

  it('runs every job when nothing is found, and its totals are the sums of the jobs\'', async () => {
    const plan = planJobs({ seed: 2, depth: 20, jobs: 10, runs: 50, all: false });
    const walkJobs = plan.filter((j) => j.search === 'walk').length;
    const result = await swarm(buffer, { variant: 'checked', modelUrl: bufferUrl, threads: 2, seed: 2, depth: 20, jobs: 10, runs: 50 });
    expect(result.outcome).toMatchObject({ verdict: 'incomplete', limit: 'runs' });
    const sim = result.simulation;
    expect(sim.jobs).toEqual({ planned: 10, done: 10, depthFirst: plan.length - walkJobs, retried: 0 });
    expect(sim.runs).toBe(walkJobs * 50);
    expect(sim.coverage.reduce((n, a) => n + a.fired, 0)).toBe(sim.steps);
    expect(sim.coverage.every((a) => a.fired > 0)).toBe(true);
  });

  it('with allViolations, collects one counterexample per property', async () => {
    const result = await swarm(buffer, { variant: 'unchecked', modelUrl: bufferUrl, threads: 2, seed: 3, jobs: 4, runs: 300, allViolations: true });
    const properties = [result.outcome, ...(result.simulation.others ?? [])].map((o) => (o.verdict === 'violates' ? o.property : o.verdict));
    expect(properties.sort()).toEqual(['no item is taken from an empty buffer', 'the buffer never holds more than its slots']);
    const overflow = [result.outcome, ...(result.simulation.others ?? [])].find((o) => o.verdict === 'violates' && o.property === 'the buffer never holds more than its slots');
    expect(overflow && 'trace' in overflow && overflow.trace!.steps.map((s) => s.action)).toEqual(['put', 'put', 'put']);
    expect(renderResult(result)).toMatch(/Also violated: /);
  });

  it('stops at its time limit', async () => {
    const result = await swarm(buffer, { variant: 'checked', modelUrl: bufferUrl, threads: 2, seed: 4, jobs: 10_000, runs: 1000, maxSeconds: 1 });
    expect(result.outcome).toMatchObject({ verdict: 'incomplete', limit: 'time' });
    expect(result.simulation.jobs!.done).toBeLessThan(10_000);
  });

  it('says clearly when the threads cannot load the model', async () => {
    await expect(swarm(peterson, { modelUrl: url('test/fixtures/not-a-model.ts'), threads: 1, jobs: 1 })).rejects.toThrow(/must export a model as its default export/);
    await expect(swarm(peterson, { modelUrl: petersonUrl, threads: 0 })).rejects.toThrow(/threads must be a whole number of at least 1/);
  });
});
