import type { SymmetryOption } from '../../symmetry/reduction.js';
import type { SharedTableHandles } from '../../store/shared-table.js';
import type { InstanceSignature } from '../parallel/signature.js';
import type { Level, LevelWork, Numbered } from './level-runner.js';

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
 * What the main thread sends a worker: once, the shared table and the shared array of the
 * level's fan-outs; then each level to expand, and its numbered new states to store, each with
 * the store's segments added since the last order.
 */
export type Order =
  | { readonly attach: SharedTableHandles; readonly fanout: SharedArrayBuffer }
  | { readonly level: Level; readonly segments: readonly SharedArrayBuffer[] }
  | { readonly store: Numbered; readonly segments: readonly SharedArrayBuffer[] };

/**
 * What a worker sends: first, once it has built its instance, that instance's signature; then
 * for each order what it did, or (before that) that the table is full and it waits for the main
 * thread to grow it; or what went wrong, and whether it was an allocation that failed.
 */
export type Report =
  | { readonly ready: InstanceSignature }
  | { readonly done: LevelWork }
  | { readonly full: number }
  | { readonly error: string; readonly outOfMemory: boolean };
