import { defineModel, holds, violates } from 'interleave-check';
import { buildSystem } from './build.js';
import { DESIGNS, type Variant } from './design.js';
import { ARGUMENTS, CODE_POINTERS, FREED } from './properties.js';
import { Params } from './state.js';

const SEED = 'seed 000, ocaml/ocaml PR 13549, issue 13512 (models/ocaml-callback-fragments/README.md)';

/**
 * What no variant enables: every shipped design keeps the arguments waiting in C where the
 * minor GC sees them; the action is there for the test that takes Begin_roots_block out.
 */
const NEVER_ENABLED = {
  minorGcMisses: 'every design registers the arguments waiting in C as roots (the model test that removes Begin_roots_block enables it)',
};

/**
 * OCaml 5 bytecode callbacks from C into OCaml. Before the fix each thread had its own copy of
 * the 7-instruction callback code in thread-local storage, registered as a code fragment on
 * first use and never unregistered. When a domain exits, the C library frees its TLS while the
 * fragment stays registered; a later minor GC may promote a value into that memory, the stack
 * scan of the next major cycle skips it as a code pointer, and the sweep frees a live value.
 */
export default defineModel<typeof Params, Variant>({
  name: 'ocaml-callback-fragments',
  summary: 'OCaml 5 bytecode: leaked per-thread callback code fragments blind the stack scan (PR 13549/13553)',
  params: Params,
  variants: {
    'per-thread-leak': {
      summary: 'per-thread callback code in TLS, registered on first use, never unregistered: the GC frees a live value',
      source: `${SEED}, "The bug", steps 1-7; OCaml 5.0-5.2 runtime/callback.c`,
      expect: violates(FREED),
      neverEnabled: NEVER_ENABLED,
    },
    'global-mutable': {
      summary: 'one static callback code registered at startup, but each call writes its argument count into it: two domains race',
      source: `${SEED}, first push of PR 13549 and the reviewer's question about callback_code being modified on every call`,
      expect: violates(ARGUMENTS),
      neverEnabled: NEVER_ENABLED,
    },
    'fixed-thunks': {
      summary: 'static immutable callback code for 1, 2 and 3 arguments, registered at startup (more arguments iterate callback3)',
      source: `${SEED}, second push of PR 13549`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
    },
    'unregister-at-exit': {
      summary: 'per-thread callback code, unregistered by uninit_callback when the thread stops, before its TLS is freed',
      source: `${SEED}, Xavier Leroy's init_callback/uninit_callback suggestion`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
    },
    'unregister-in-callback': {
      summary: "per-thread callback code, unregistered by uninit_callback from the domain's at_exit hooks, which run inside the callback",
      source: `${SEED}, Xavier Leroy's suggestion done too early: Domain.at_exit functions run inside f (OCaml 5.2 stdlib/domain.ml)`,
      expect: violates(CODE_POINTERS),
      neverEnabled: NEVER_ENABLED,
    },
    'unregister-after-free': {
      summary: 'per-thread callback code, unregistered only when the domain is joined, after the C library freed its TLS',
      source: `${SEED}, the same suggestion done in the wrong order`,
      expect: violates(FREED),
      neverEnabled: NEVER_ENABLED,
    },
    'interpreter-entry': {
      summary: 'one STOP instruction registered once at startup; caml_bytecode_interpreter enters the closure directly, nothing is written',
      source: `${SEED}, Xavier Leroy's alternative, ocaml/ocaml PR 13553`,
      expect: holds(),
      neverEnabled: NEVER_ENABLED,
    },
  },
  build: ({ params, variant }) => buildSystem(params, DESIGNS[variant]),
});
