import type { Model } from '../../spec/model.js';
import ocaml from '../../models/ocaml-callback-fragments/ocaml-callback-fragments.js';
import ctypes from '../../models/ctypes-keepalive/ctypes-keepalive.js';
import stopTheWorld from '../../models/stop-the-world/stop-the-world.js';
import osv from '../../models/osv-fpu-syscall/osv-fpu-syscall.js';
import lucet from '../../models/lucet-unwind/lucet-unwind.js';
import philosophers from '../../models/philosophers/philosophers.js';

/** A failing variant at large parameters: a bug to hunt. */
export interface Hunt {
  readonly model: Model;
  /** The model's module, which the swarm's threads import. */
  readonly modelUrl: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, number>>;
}

const url = (folder: string) => new URL(`../../models/${folder}/${folder}.ts`, import.meta.url).href;

/**
 * The failing variants of the seed models at their largest parameters (one or two per model:
 * the deepest bugs), and the dining philosophers at 16, where breadth-first search has to
 * exhaust tens of millions of states before it reaches the deadlock.
 */
export const hunts: readonly Hunt[] = [
  { model: ocaml, modelUrl: url('ocaml-callback-fragments'), variant: 'per-thread-leak', params: { domains: 4, values: 3, blocks: 4 } },
  { model: ocaml, modelUrl: url('ocaml-callback-fragments'), variant: 'unregister-after-free', params: { domains: 4, values: 3, blocks: 4 } },
  { model: ctypes, modelUrl: url('ctypes-keepalive'), variant: 'root-leaked', params: { ints: 3, spareHeapSlots: 3 } },
  { model: stopTheWorld, modelUrl: url('stop-the-world'), variant: 'signals-no-lock', params: { threads: 4, sleepers: 3, collections: 2 } },
  { model: stopTheWorld, modelUrl: url('stop-the-world'), variant: 'pinspect-unregistered', params: { threads: 4, sleepers: 3, collections: 2 } },
  { model: osv, modelUrl: url('osv-fpu-syscall'), variant: 'no-fpu-save', params: { cpus: 2, threads: 3 } },
  { model: lucet, modelUrl: url('lucet-unwind'), variant: 'overflow-guard-protected', params: { depth: 8 } },
  { model: philosophers, modelUrl: url('philosophers'), variant: 'left-first', params: { n: 16 } },
];

/** "stop-the-world signals-no-lock threads=4 sleepers=3 collections=2". */
export function huntName(hunt: Hunt): string {
  return [hunt.model.name, hunt.variant, ...Object.entries(hunt.params).map(([k, v]) => `${k}=${v}`)].join(' ');
}
