import { z } from 'zod';
import { scalarset, type DeepReadonly, type Scalarset } from 'interleave-check';

/** The model's parameters. */
export const Params = z.object({
  domains: z
    .number()
    .int()
    .min(2)
    .max(4)
    .default(2)
    .describe('number of domains: domain 0 is the main domain, the others are spawned by it (each once)'),
  values: z
    .number()
    .int()
    .min(1)
    .max(3)
    .default(1)
    .describe('number of OCaml values the domains may allocate: locals, or the 4th argument of a callbackN that C allocates'),
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
 * - `calling`: in `caml_callbackN_exn`, arguments and return frame pushed, about to run the callback code
 *   (or to enter the interpreter at the closure's code);
 * - `callback`: running the OCaml function a callback applied (`f` for a spawned domain);
 * - `exited`: terminated; its thread is gone and the C library freed its thread-local storage.
 */
export const Phase = z.enum(['not started', 'starting', 'ocaml', 'calling', 'callback', 'exited']);
/** A domain's phase. */
export type Phase = z.output<typeof Phase>;

/**
 * An OCaml value: not allocated, on its domain's minor heap, promoted to a block of the major
 * heap, or freed while a stack still refers to it (a dangling reference): swept by a major
 * cycle that did not mark it, or left behind by a minor GC that did not see it.
 */
export const ValueState = z.enum(['unallocated', 'young', 'promoted', 'freed']);

/** The arities of `caml_callback` and `caml_callback2`; `caml_callbackN` is called with `N_ARGUMENTS`. */
export const ARITIES = [1, 2] as const;
/** The number of arguments of `caml_callbackN` calls: one more than `caml_callback3` takes. */
export const N_ARGUMENTS = 4;

/**
 * How a value's holder refers to it: a local variable on its bytecode stack; an argument its
 * current callback pushed on the bytecode stack; an argument beyond the third waiting in
 * `caml_callbackN_exn`'s C array while `callback3` runs.
 */
export const Reference = z.enum(['local', 'argument', 'remaining argument']);

/**
 * A major-heap value's mark in the current cycle: none, marked by the stack scan, or allocated
 * marked (during marking). Marks last until the next cycle begins, as OCaml 5's colours do
 * until they rotate, so a state after a sweep still shows what the cycle marked.
 */
export const Mark = z.enum(['unmarked', 'marked by the scan', 'allocated marked']);

/**
 * The closure a spawned domain's thread runs (`body`, made by `Domain.spawn`): none, live and
 * not marked in this cycle, marked, or freed by a sweep while the domain still needs it.
 */
export const Closure = z.enum(['none', 'unmarked', 'marked', 'freed']);

/**
 * The memory blocks, interchangeable: which free block an allocation gets is the OS's and the
 * allocator's choice, and the model only stores a block, compares it with another and indexes
 * the code-fragment table by it. The checker explores one state per arrangement of blocks.
 */
export const blockIds = ({ blocks }: Params): Scalarset => scalarset('block', blocks);

/** The values' slots, interchangeable: any domain may allocate any free one. */
export const valueIds = ({ values }: Params): Scalarset => scalarset('value', values);

/** The state schema for one parameter setting. */
export function stateSchema(params: Params) {
  const Domain = z.number().int().min(0).max(params.domains - 1);
  const Block = blockIds(params);
  const Count = z.number().int().min(0).max(N_ARGUMENTS);
  return z.object({
    domains: z
      .array(
        z.object({
          phase: Phase,
          /** The block its thread's TLS occupies (kept after exit: where it was); null for the main thread's static TLS. */
          tls: Block.id.nullable(),
          /** Its thread's callback code fragment is registered and not yet removed (per-thread designs). */
          registered: z.boolean(),
          /** How many arguments its current callback passes (0: none in progress). */
          pushed: Count,
          /** How many of them the closure has been applied to so far. */
          applied: Count,
          /** The closure its thread runs for Domain.spawn (spawned domains only). */
          closure: Closure,
        }),
      )
      .length(params.domains),
    values: valueIds(params).array(
      z.object({
        state: ValueState,
        /** The domain that refers to it, if any: values are referenced only from a domain's stacks. */
        holder: Domain.nullable(),
        /** How the holder refers to it. */
        reference: Reference,
        /** The block of the major heap it was promoted into. */
        block: Block.id.nullable(),
        /** Its mark in the current (or last) major cycle. */
        mark: Mark,
      }),
    ),
    /**
     * The code-fragment table, keyed by start address as the runtime's is: the domain whose
     * callback code the entry for block b describes, or null when no fragment starts there.
     */
    codeFragments: Block.array(Domain.nullable()),
    /** The argument count last written into the one shared callback code (0: never written). */
    sharedCodeArity: Count,
    /** The major GC: between cycles, or marking (stacks scanned, sweep pending). */
    gc: z.enum(['idle', 'marking']),
  });
}

/** A state of the model. */
export type State = z.output<ReturnType<typeof stateSchema>>;
/** A state as guards, properties and descriptions see it. */
export type View = DeepReadonly<State>;

/** Whether a domain is alive: spawned and not exited (its thread and TLS exist). */
export const alive = (p: Phase): boolean => p !== 'not started' && p !== 'exited';
/** Whether a domain runs OCaml code (it can allocate, drop, spawn, join). */
export const inOcaml = (p: Phase): boolean => p === 'ocaml' || p === 'callback';

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
  const owner = s.codeFragments[b];
  const was = dead.length > 0 ? `, memory that was the TLS of ${domainList(dead)}` : '';
  const frag = owner !== null ? `, still registered as domain ${owner}'s callback code fragment` : '';
  return `block ${b}${was}${frag}`;
}

/** A value slot nobody uses: not allocated, referred to by nobody. */
export const UNALLOCATED: State['values'][number] = { state: 'unallocated', holder: null, reference: 'local', block: null, mark: 'unmarked' };

/**
 * The holder's last reference to v is gone: a young value vanishes at the next minor GC, a
 * major one is garbage until a sweep frees it.
 */
export function forget(v: State['values'][number]): void {
  if (v.state === 'young') Object.assign(v, UNALLOCATED);
  else Object.assign(v, { holder: null, reference: 'local' });
}
