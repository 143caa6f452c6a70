import type { Design } from './design.js';
import type { View } from './state.js';

type ValueView = View['values'][number];

/** Whether domain d has a callback frame on its bytecode stack, whose return address is a code pointer. */
export const hasCallbackFrame = (s: View, d: number): boolean => {
  const { phase } = s.domains[d];
  return phase === 'calling' || phase === 'callback';
};

/**
 * Whether domain d's callback frame returns into a registered code fragment. Per-thread code:
 * its thread's copy (`callback_code + 4`), in its TLS block, or in the main thread's static
 * TLS; static code: the runtime's, registered at startup or never.
 */
export function returnAddressRegistered(s: View, d: number, design: Design): boolean {
  if (design.code.where === 'static') return design.registeredAtStartup;
  const { tls, registered } = s.domains[d];
  return tls === null ? registered : s.codeFragments[tls] !== null;
}

/** Whether the arguments beyond the third are registered as roots while `callback3` runs. */
export const remainingArgumentsRooted = (design: Design): boolean =>
  design.entry.via === 'code-per-arity' && design.entry.remainingArgumentsRooted;

/**
 * Whether a minor GC sees a young value its holder refers to. Words on a bytecode stack are all
 * scanned for young values (no code-fragment test: code is never young); an argument waiting
 * in C is seen only if registered as a root.
 */
export const minorGcSees = (v: ValueView, design: Design): boolean =>
  v.reference !== 'remaining argument' || remainingArgumentsRooted(design);

/**
 * Whether a major cycle's root scan marks a major-heap value its holder refers to. The
 * bytecode stack mixes values with return addresses, so `caml_scan_stack` skips every word
 * that points into a registered code fragment; local roots (`Begin_roots_block`) are marked
 * without that test.
 */
export function majorScanSees(s: View, v: ValueView, design: Design): boolean {
  if (v.reference === 'remaining argument') return remainingArgumentsRooted(design);
  return s.codeFragments[v.block!] === null;
}

/**
 * Whether a major cycle's root scan marks the closure a spawned domain's thread runs. Before
 * the callback, a generational global root holds it; `domain_thread_func` releases that root
 * just before `caml_callback_exn`. Then the callback code designs push it on the bytecode stack
 * below the arguments; with the interpreter entry it stays in `caml_callbackN_exn`'s C frame,
 * a root only if registered (`CAMLparam1`). Once running, it is the interpreter's environment,
 * saved on the bytecode stack at every GC point. (Closures lie outside the modelled blocks, so
 * no code fragment hides them.)
 */
export function closureSeen(s: View, d: number, design: Design): boolean {
  if (s.domains[d].phase !== 'calling') return true;
  return design.entry.via !== 'interpreter-entry' || design.entry.closureRooted;
}
