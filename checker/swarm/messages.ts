import { z } from 'zod';
import { InstanceSpecJson, SwarmJobJson } from '../simulate/job.js';

/**
 * The data of one BullMQ job: which swarm it belongs to, the instance it checks (named so that
 * each machine can build it from its own copy of the model), the hash that instance must have,
 * and the swarm job itself. Workers validate it before running anything.
 */
export const QueuedJobJson = z.object({
  swarm: z.string().min(1),
  spec: InstanceSpecJson,
  hash: z.string().min(1),
  job: SwarmJobJson,
});

/** The data of one BullMQ job. */
export type QueuedJob = z.infer<typeof QueuedJobJson>;

/** The queue's name when none is given. */
export const DEFAULT_QUEUE = 'interleave';

/** The Redis key whose presence tells workers to stop a swarm's jobs (BullMQ has no way to cancel a running job). */
export function stopKey(queue: string, swarm: string): string {
  return `interleave-swarm:${queue}:${swarm}:stop`;
}

/** The BullMQ job id of a swarm's job (BullMQ ids may not contain ':'). */
export function queuedJobId(swarm: string, index: number): string {
  return `${swarm}-${index}`;
}
