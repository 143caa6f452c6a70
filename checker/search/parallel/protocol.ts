import type { SymmetryOption } from '../../symmetry/reduction.js';
import type { Expansion } from '../expander.js';
import type { InstanceSignature } from './signature.js';

/** What a worker needs to build the same instance as the main thread. */
export interface WorkerSetup {
  /** URL of the module whose default export is the model. */
  readonly modelUrl: string;
  readonly variant: string;
  readonly params: Record<string, unknown>;
  readonly properties?: readonly string[];
  readonly deadlock: boolean;
  readonly validate: boolean;
  readonly symmetry: SymmetryOption;
}

/**
 * A batch to expand: the states' words, copied out of the main thread's store (the array may
 * be longer than `count` states), and a buffer for the successors that an earlier answer
 * brought, so that neither side allocates fresh memory in the steady state.
 */
export interface Job {
  readonly id: number;
  readonly states: Uint32Array;
  readonly count: number;
  readonly fire: boolean;
  readonly output?: Uint32Array;
}

/**
 * A worker's answer: the expansion, the successors' records, and the job's states array back
 * for reuse; or what went wrong, and whether it was an allocation that failed.
 */
export type Reply =
  | { readonly id: number; readonly expansion: Expansion; readonly successors: Uint32Array; readonly length: number; readonly states: Uint32Array }
  | { readonly id: number; readonly error: string; readonly outOfMemory: boolean };

/** What a worker sends: first, once it has built its instance, that instance's signature; then one reply per job. */
export type WorkerMessage = { readonly ready: InstanceSignature } | Reply;
