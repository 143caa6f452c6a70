import type { Instance } from '../instance.js';
import type { ExpanderOptions } from '../search/expander.js';
import { DepthFirstSearch } from './dfs.js';
import type { JobResult, SwarmJob } from './job.js';
import { Tally } from './tally.js';
import { Walker } from './walk.js';

/**
 * Runs one swarm job on this thread, wherever it came from (a local worker thread or a Redis
 * queue): its walks or its depth-first search, until it finds something, ends, or `stop()`
 * says the swarm is over. Each job gets a fresh walker or search, so its tally (the
 * reachability checks met included) is its own.
 */
export function runJob(instance: Instance, options: ExpanderOptions, job: SwarmJob, stop: () => boolean = () => false): JobResult {
  const tally = new Tally(instance.actions.length);
  let stopped = false;
  const stopping = (): boolean => (stopped ||= stop());
  const found: JobResult['found'] =
    job.search === 'walk'
      ? new Walker(instance, options).run(job, tally, stopping, job.all).map(({ counterexample, run }) => ({ ...counterexample, actions: [...counterexample.actions], run }))
      : new DepthFirstSearch(instance, options).run(job, tally, stopping, job.all).map((c) => ({ ...c, actions: [...c.actions] }));
  return { index: job.index, tally: tally.data() as JobResult['tally'], found, stopped };
}
