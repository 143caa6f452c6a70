import type { ActionSpec } from 'interleave-check';
import type { State } from './stack.js';

/** An action of this model: every one has a single instance (no `over`). */
export type Action = ActionSpec<State, undefined>;

/** Guest (WebAssembly) code: calls, returns, faults. */
export const GUEST = 'guest';
/** Hostcall (Rust) code running on the guest stack. */
export const HOSTCALL = 'hostcall';
/** The host program that runs, resets and reruns the instance. */
export const EMBEDDER = 'embedder';
/** The system unwinder, driven by a panic: landing pads, catch_unwind. */
export const UNWINDER = 'unwinder';
