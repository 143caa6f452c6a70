import { z } from 'zod';
import type { DeepReadonly } from 'interleave';

/** The model's parameters. */
export const Params = z.object({
  domains: z
    .number()
    .int()
    .min(2)
    .max(4)
    .default(2)
    .describe('number of domains: domain 0 is the main domain, the others are spawned by it (each once)'),
  values: z.number().int().min(1).max(3).default(1).describe('number of OCaml values the domains may allocate'),
  blocks: z
    .number()
    .int()
    .min(1)
    .max(4)
    .default(2)
    .describe('memory blocks the C library and the major heap share: 28-byte ranges a thread TLS or a pool slot may occupy'),
});

/** The parameters, parsed. */
export type Params = z.output<typeof Params>;

/**
 * Where a domain is:
 * - `not started`: not spawned yet (spawned domains only);
 * - `starting`: its thread runs the domain's C start-up code, about to call back into OCaml to run `f`;
 * - `ocaml`: running OCaml code outside any callback (the main domain's program);
 * - `calling`: in `caml_callbackN_exn`, arguments and return frame pushed, about to run the callback code;
 * - `callback`: running the OCaml function a callback applied (`f` for a spawned domain);
 * - `exited`: terminated; its thread is gone and the C library freed its thread-local storage.
 */
export const Phase = z.enum(['not started', 'starting', 'ocaml', 'calling', 'callback', 'exited']);
/** A domain's phase. */
export type Phase = z.output<typeof Phase>;

/**
 * An OCaml value: not allocated, on its domain's minor heap, promoted to a block of the major
 * heap, or freed by a sweep while a stack still refers to it (a dangling reference).
 */
export const ValueState = z.enum(['unallocated', 'young', 'promoted', 'freed']);

/** The arities a callback may have: `caml_callback` and `caml_callback2`. */
export const ARITIES = [1, 2] as const;

/** The state schema for one parameter setting. */
export function stateSchema({ domains, values, blocks }: Params) {
  const Domain = z.number().int().min(0).max(domains - 1);
  const Block = z.number().int().min(0).max(blocks - 1);
  const Arity = z.number().int().min(0).max(ARITIES.length);
  return z.object({
    domains: z
      .array(
        z.object({
          phase: Phase,
          /** The block its thread's TLS copy of the callback code occupies (kept after exit: where it was); null for the main thread's static TLS. */
          tls: Block.nullable(),
          /** Whether its thread's callback code is registered as a code fragment (per-thread designs). */
          registered: z.boolean(),
          /** How many arguments its current callback pushed (0: none in progress). */
          pushed: Arity,
          /** How many arguments the callback code it ran applied the closure to (0: not yet run). */
          applied: Arity,
        }),
      )
      .length(domains),
    values: z
      .array(
        z.object({
          state: ValueState,
          /** The domain whose stack (a local variable) refers to it, if any: values are referenced only from stacks. */
          holder: Domain.nullable(),
          /** The block of the major heap it was promoted into. */
          block: Block.nullable(),
          /** Marked by the current major cycle (cleared when the sweep ends it). */
          marked: z.boolean(),
        }),
      )
      .length(values),
    /** The argument count written into the one shared callback code (mutating global design only; 0: never written). */
    sharedCodeArity: Arity,
    /** The major GC: between cycles, or marking (stacks scanned, sweep pending). */
    gc: z.enum(['idle', 'marking']),
  });
}

/** A state of the model. */
export type State = z.output<ReturnType<typeof stateSchema>>;
/** A state as guards, properties and descriptions see it. */
export type View = DeepReadonly<State>;

/** Which callback code the runtime uses. */
export type CodeDesign =
  /** each thread has its own copy in TLS, registered on first use, operands written on each call */
  | 'per-thread'
  /** one static copy, registered at startup, operands written on each call */
  | 'shared-mutable'
  /** static immutable code for 1, 2 and 3 arguments, registered at startup */
  | 'fixed-per-arity'
  /** one static STOP instruction registered at startup; the interpreter enters the closure directly */
  | 'interpreter-entry';

/** When a per-thread callback code fragment is unregistered. */
export type Unregister = 'never' | 'before-tls-freed' | 'when-joined';

/** A variant's runtime design. */
export interface Design {
  readonly code: CodeDesign;
  readonly unregister: Unregister;
}

/** Whether a domain is alive: spawned and not exited (its thread and TLS exist). */
export const alive = (p: Phase): boolean => p !== 'not started' && p !== 'exited';
/** Whether a domain runs OCaml code (it can allocate, drop, spawn, join). */
export const inOcaml = (p: Phase): boolean => p === 'ocaml' || p === 'callback';

/** Domains whose registered callback code lies in block b: the stack scan takes pointers into b for code. */
export function fragmentOwners(s: View, b: number): number[] {
  return s.domains.flatMap((d, i) => (d.tls === b && d.registered ? [i] : []));
}

/** Exited domains whose freed TLS was block b. */
export function deadThreadsAt(s: View, b: number): number[] {
  return s.domains.flatMap((d, i) => (d.tls === b && d.phase === 'exited' ? [i] : []));
}

/** Whether block b is free: neither a live thread's TLS nor a major-heap value's slot. */
export function blockFree(s: View, b: number): boolean {
  return (
    !s.domains.some((d) => d.tls === b && alive(d.phase)) &&
    !s.values.some((v) => v.block === b && (v.state === 'promoted' || v.state === 'freed'))
  );
}

/** "domain 1", "domains 1 and 2". */
export function domainList(ds: readonly number[]): string {
  if (ds.length === 1) return `domain ${ds[0]}`;
  return `domains ${ds.slice(0, -1).join(', ')} and ${ds.at(-1)}`;
}

/** How the code-fragment table and the C library see block b, for descriptions. */
export function blockStory(s: View, b: number): string {
  const dead = deadThreadsAt(s, b);
  const owners = fragmentOwners(s, b);
  const was = dead.length > 0 ? `, memory that was the TLS of ${domainList(dead)}` : '';
  const frag = owners.length > 0 ? `, still registered as ${domainList(owners)}'s callback code fragment` : '';
  return `block ${b}${was}${frag}`;
}
