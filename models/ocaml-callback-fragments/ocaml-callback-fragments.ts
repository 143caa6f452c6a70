import { defineModel, holds, range, system, violates } from 'interleave';
import { domainActions } from './actions.js';
import { memoryActions } from './gc.js';
import { properties } from './properties.js';
import { Params, stateSchema, type Design, type State } from './state.js';

const SEED = 'shared/seeds/000 (ocaml/ocaml PR 13549, issue 13512)';

/** Each variant's runtime design: which callback code, and when a per-thread copy is unregistered. */
const designs = {
  'per-thread-leak': { code: 'per-thread', unregister: 'never' },
  'global-mutable': { code: 'shared-mutable', unregister: 'never' },
  'fixed-thunks': { code: 'fixed-per-arity', unregister: 'never' },
  'unregister-at-exit': { code: 'per-thread', unregister: 'before-tls-freed' },
  'unregister-after-free': { code: 'per-thread', unregister: 'when-joined' },
  'interpreter-entry': { code: 'interpreter-entry', unregister: 'never' },
} as const satisfies Record<string, Design>;

/**
 * OCaml 5 bytecode callbacks from C into OCaml. Before the fix each thread had its own copy of
 * the 7-instruction callback code in thread-local storage, registered as a code fragment on
 * first use and never unregistered. When a domain exits, the C library frees its TLS while the
 * fragment stays registered; a later minor GC may promote a value into that memory, the stack
 * scan of the next major cycle skips it as a code pointer, and the sweep frees a live value.
 */
export default defineModel({
  name: 'ocaml-callback-fragments',
  summary: 'OCaml 5 bytecode: leaked per-thread callback code fragments blind the stack scan (PR 13549/13553)',
  params: Params,
  variants: {
    'per-thread-leak': {
      summary: 'per-thread callback code in TLS, registered on first use, never unregistered: the GC frees a live value',
      source: `${SEED}, "The bug", steps 1-7; OCaml 5.0-5.2 runtime/callback.c`,
      expect: violates('no value is freed while a stack references it'),
    },
    'global-mutable': {
      summary: 'one static callback code registered at startup, but each call writes its argument count into it: two domains race',
      source: `${SEED}, first push of PR 13549 and the reviewer's question about callback_code being modified on every call`,
      expect: violates('a callback runs with the arguments its caller wrote'),
    },
    'fixed-thunks': {
      summary: 'static immutable callback code for 1, 2 and 3 arguments, registered at startup (more arguments iterate callback3)',
      source: `${SEED}, second push of PR 13549`,
      expect: holds(),
    },
    'unregister-at-exit': {
      summary: 'per-thread callback code, unregistered by uninit_callback when the thread stops, before its TLS is freed',
      source: `${SEED}, Xavier Leroy's init_callback/uninit_callback suggestion`,
      expect: holds(),
    },
    'unregister-after-free': {
      summary: 'per-thread callback code, unregistered only when the domain is joined, after the C library freed its TLS',
      source: `${SEED}, the same suggestion done in the wrong order (shared/notes/seeds.md, 000, variant 4)`,
      expect: violates('no value is freed while a stack references it'),
    },
    'interpreter-entry': {
      summary: 'one STOP instruction registered once at startup; caml_bytecode_interpreter enters the closure directly, nothing is written',
      source: `${SEED}, Xavier Leroy's alternative, ocaml/ocaml PR 13553`,
      expect: holds(),
    },
  },
  build: ({ params, variant }) => {
    const design: Design = designs[variant];
    const init: State = {
      domains: range(params.domains).map((d) => ({
        phase: d === 0 ? 'ocaml' : 'not started',
        tls: null,
        // The main thread's copy is registered at startup by caml_init_callbacks; it lives in
        // the main thread's static TLS, never freed, outside the modelled blocks.
        registered: d === 0 && design.code === 'per-thread',
        pushed: 0,
        applied: 0,
      })),
      values: range(params.values).map(() => ({ state: 'unallocated', holder: null, block: null, marked: false })),
      sharedCodeArity: 0,
      gc: 'idle',
    };
    return system(stateSchema(params), {
      init,
      actions: { ...domainActions(params, design), ...memoryActions(params) },
      properties: properties(),
    });
  },
});
