/**
 * When a thread's copy of the callback code is unregistered (`uninit_callback`):
 * - `never`: the code fragment leaks (OCaml 5.0-5.2);
 * - `in-callback`: from the domain's `Domain.at_exit` hooks, which run inside `f`, while the
 *   callback frame still returns into the code (too early);
 * - `at-thread-stop`: when the thread stops, after `f` returned and before the C library frees
 *   the TLS (Xavier Leroy's suggestion);
 * - `when-joined`: by the domain that joins it, after the TLS was freed (too late).
 */
export type Unregister = 'never' | 'in-callback' | 'at-thread-stop' | 'when-joined';

/** Where the callback code lives. */
export type CallbackCode =
  /** a copy in each thread's TLS, registered as a code fragment on the thread's first callback */
  | { readonly where: 'thread-local'; readonly unregister: Unregister }
  /** static code in the runtime, never freed */
  | { readonly where: 'static' };

/** How a callback tells the interpreter how many arguments to apply the closure to. */
export type Entry =
  /** `caml_callbackN_exn` writes `ACC narg+3; APPLY narg` into the callback code on every call */
  | { readonly via: 'operands-written' }
  /**
   * immutable code for 1, 2 and 3 arguments; more arguments iterate `callback3`, and
   * `remainingArgumentsRooted` says whether the arguments beyond the third are registered as
   * roots while it runs (`Begin_roots_block`, PR 13549)
   */
  | { readonly via: 'code-per-arity'; readonly remainingArgumentsRooted: boolean }
  /**
   * `caml_bytecode_interpreter` starts at the closure's code with `extra_args = narg - 1`; the
   * closure is not on the bytecode stack, and `closureRooted` says whether
   * `caml_callbackN_exn` registers it as a local root (`CAMLparam1(closure)`, PR 13553)
   */
  | { readonly via: 'interpreter-entry'; readonly closureRooted: boolean };

/**
 * A runtime design for bytecode callbacks: each variant is one, and a test may weaken one by
 * switching a single mechanism off.
 */
export interface Design {
  /** Where the callback code lives, and when a per-thread copy is unregistered. */
  readonly code: CallbackCode;
  /** How the interpreter learns the number of arguments. */
  readonly entry: Entry;
  /**
   * `caml_init_callbacks` registers the callback code at startup: the static code, or the
   * main thread's copy. Without it, static code is never registered, and the main thread's copy
   * only on its first callback.
   */
  readonly registeredAtStartup: boolean;
}

/** The variants' names, in order (the first is the default). */
export const VARIANTS = [
  'per-thread-leak',
  'global-mutable',
  'fixed-thunks',
  'unregister-at-exit',
  'unregister-in-callback',
  'unregister-after-free',
  'interpreter-entry',
] as const;

/** A variant's name. */
export type Variant = (typeof VARIANTS)[number];

const perThread = (unregister: Unregister): Design => ({
  code: { where: 'thread-local', unregister },
  entry: { via: 'operands-written' },
  registeredAtStartup: true,
});

/** Each variant's design. */
export const DESIGNS: Readonly<Record<Variant, Design>> = {
  'per-thread-leak': perThread('never'),
  'global-mutable': { code: { where: 'static' }, entry: { via: 'operands-written' }, registeredAtStartup: true },
  'fixed-thunks': {
    code: { where: 'static' },
    entry: { via: 'code-per-arity', remainingArgumentsRooted: true },
    registeredAtStartup: true,
  },
  'unregister-at-exit': perThread('at-thread-stop'),
  'unregister-in-callback': perThread('in-callback'),
  'unregister-after-free': perThread('when-joined'),
  'interpreter-entry': {
    code: { where: 'static' },
    entry: { via: 'interpreter-entry', closureRooted: true },
    registeredAtStartup: true,
  },
};
