import type { Compiler } from './program.js';

/**
 * The mechanisms the fixes rely on, as OCaml and Ctypes provide them. The model is built with
 * every one of them on (`intact`). A test switches one off, builds the same model with
 * `ctypesKeepAlive({ ... })`, and expects the fix that relies on it to fail: a fix checked only
 * with its mechanism in place could be a fix that does nothing.
 */
export interface Mechanisms extends Compiler {
  /** The keep-alive (`ignore`, `use_value`, `Root.release`) stands after the C call. False moves it just before the call. */
  readonly keepAliveAfterCall: boolean;
  /** A marking starts from the registered global roots (`Ctypes.Root.create`'s cells) as well as from the stack. */
  readonly globalRootsScanned: boolean;
  /**
   * Ctypes keeps a foreign call's arguments alive until it returns: `invoke` in ctypes_ffi.ml
   * collects them in a list and calls `Ctypes_memory.keep_alive` on it after the call. It matters
   * only when the call releases the runtime lock, so that another thread can collect meanwhile.
   */
  readonly argumentsKeptAlive: boolean;
  /** The compactor rewrites the frame slots the frame descriptor lists, so that they follow the values they point to. */
  readonly compactorRewritesFrame: boolean;
}

/** Every mechanism as OCaml and Ctypes have it: the model as the bundled variants check it. */
export const intact: Mechanisms = {
  inlining: 'per-variant',
  externalsOpaque: true,
  keepAliveAfterCall: true,
  globalRootsScanned: true,
  argumentsKeptAlive: true,
  compactorRewritesFrame: true,
};
