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
  let found: JobResult['found'];
  if (job.search === 'walk') {
    const walk = new Walker(instance, options).run(job, tally, stopping);
    if (walk) found = { ...walk.counterexample, actions: [...walk.counterexample.actions], run: walk.run };
  } else {
    const counterexample = new DepthFirstSearch(instance, options).run(job, tally, stopping);
    if (counterexample) found = { ...counterexample, actions: [...counterexample.actions] };
  }
  return { index: job.index, tally: tally.data() as JobResult['tally'], ...(found ? { found } : {}), stopped };
}
