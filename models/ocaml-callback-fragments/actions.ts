import { pairs, range } from 'interleave-check';
import type { ActionSpec } from 'interleave-check';
import type { Design } from './design.js';
import { remainingArgumentsRooted } from './roots.js';
import { ARITIES, N_ARGUMENTS, blockFree, blockIds, forget, inOcaml, valueIds, type Params, type State, type View } from './state.js';

const who = (d: number) => `domain ${d}`;
const args = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
/** The two operands caml_callbackN_exn writes into the bytecode callback code for n arguments. */
const operands = (n: number) => `ACC ${n + 3}; APPLY ${n}`;
/** The arguments the next callback of an iterating caml_callbackN passes: at most 3 (callback3). */
const nextSlice = (pushed: number, applied: number) => Math.min(3, pushed - applied);

/**
 * A callback begins: `caml_callbackN_exn` pushes the arguments and a return frame (its return
 * address a code pointer into the callback code). Per-thread code is registered on the
 * thread's first callback; the mutating shared code gets the argument count written into it.
 */
function startCallback(s: State, d: number, n: number, design: Design): void {
  const dom = s.domains[d];
  Object.assign(dom, { phase: 'calling', pushed: n, applied: 0 });
  if (design.code.where === 'thread-local' && !dom.registered) {
    dom.registered = true;
    if (dom.tls !== null) s.codeFragments[dom.tls] = d;
  }
  if (design.code.where === 'static' && design.entry.via === 'operands-written') s.sharedCodeArity = n;
}

/** How a callback with n arguments from domain d reaches the interpreter, per design, for descriptions. */
function howItCallsBack(design: Design, before: View, d: number, n: number, argument?: string): string {
  const dom = before.domains[d];
  switch (design.entry.via) {
    case 'operands-written': {
      if (design.code.where === 'static') return `it writes ${operands(n)} into the shared callback code`;
      if (dom.registered) return `it writes ${operands(n)} into its own thread's callback code`;
      const where = dom.tls === null ? 'its static TLS' : `its TLS (block ${dom.tls})`;
      const entry = dom.tls === null ? null : before.codeFragments[dom.tls];
      const replaces = entry === null ? '' : ` (the table, keyed by start address, already has an entry for block ${dom.tls}, domain ${entry}'s: the registration overwrites it)`;
      return `first callback on this thread: it initialises the callback code in ${where}, registers it as a code fragment${replaces} and writes ${operands(n)} into it`;
    }
    case 'code-per-arity':
      return n <= 3
        ? `its return frame returns into the immutable callback code for ${args(n)}`
        : `caml_callbackN_exn iterates callback3: it keeps the argument beyond the third, ${argument}, in its C array${
            remainingArgumentsRooted(design) ? ', registered as a root (Begin_roots_block)' : ' without registering it as a root'
          }, and calls callback3 with the first 3 through the immutable callback code for 3 arguments`;
    case 'interpreter-entry': {
      const closure =
        d === 0
          ? ''
          : design.entry.closureRooted
            ? '; f is not on the stack: it stays in its C frame, registered as a local root (CAMLparam1)'
            : '; f is not on the stack: it stays in a C variable that no root registers (no CAMLparam1)';
      return `it pushes its ${args(n)} and a return frame whose return address is the static STOP instruction${closure}`;
    }
  }
}

/** The domains' own steps: spawning, callbacks into OCaml, termination, and the unregistration of per-thread code. */
export function domainActions(params: Params, design: Design) {
  const all = range(params.domains);
  const spawned = all.slice(1);
  const perThread = design.code.where === 'thread-local';
  const unregister = design.code.where === 'thread-local' ? design.code.unregister : 'never';

  const spawn: ActionSpec<State, [number, number]> = {
    over: pairs(spawned, blockIds(params).ids),
    actor: () => who(0),
    guard: (s, [d, b]) => inOcaml(s.domains[0].phase) && s.domains[d].phase === 'not started' && blockFree(s, b),
    effect: (s, [d, b]) => {
      // The closure is allocated like any major-heap block: marked if a cycle is marking.
      Object.assign(s.domains[d], { phase: 'starting', tls: b, closure: s.gc === 'marking' ? 'marked' : 'unmarked' });
    },
    describe: ([d, b]) =>
      `domain 0 spawns domain ${d} (Domain.spawn): its new thread's TLS${perThread ? ", which holds the thread's copy of the callback code," : ''} is block ${b}`,
  };

  const callBack: ActionSpec<State, [number, number]> = {
    // The main domain calls C functions that call back with 1 or 2 arguments; a spawned
    // domain's thread calls back once, with 1, to run f () for Domain.spawn.
    over: [...pairs([0], ARITIES), ...pairs(spawned, [1])],
    actor: ([d]) => who(d),
    guard: (s, [d]) => (d === 0 ? s.domains[0].phase === 'ocaml' : s.domains[d].phase === 'starting'),
    effect: (s, [d, n]) => startCallback(s, d, n, design),
    describe: ([d, n], before) => {
      const head =
        d === 0
          ? `domain 0 calls a C function that calls back into OCaml with ${args(n)}`
          : `domain ${d}'s thread calls back into OCaml to run f with 1 argument (caml_callback_res)`;
      return `${head}; ${howItCallsBack(design, before, d, n)}`;
    },
  };

  // A C function that allocates an OCaml value (caml_copy_string, caml_alloc) and passes it as
  // the last of N_ARGUMENTS arguments: a value only the callback refers to.
  const callBackN: ActionSpec<State, number> = {
    over: valueIds(params).ids,
    actor: () => who(0),
    guard: (s, v) => s.domains[0].phase === 'ocaml' && s.values[v].state === 'unallocated',
    effect: (s, v) => {
      const reference = design.entry.via === 'code-per-arity' ? 'remaining argument' : 'argument';
      Object.assign(s.values[v], { state: 'young', holder: 0, reference });
      startCallback(s, 0, N_ARGUMENTS, design);
    },
    describe: (v, before) =>
      `domain 0 calls a C function that allocates value v${v} on its minor heap and calls back with ${args(N_ARGUMENTS)} (caml_callbackN), v${v} the last; ${howItCallsBack(design, before, 0, N_ARGUMENTS, `v${v}`)}`,
  };

  const enter: ActionSpec<State, number> = {
    over: all,
    actor: who,
    guard: (s, d) => s.domains[d].phase === 'calling',
    effect: (s, d) => {
      const dom = s.domains[d];
      switch (design.entry.via) {
        case 'operands-written':
          dom.applied = design.code.where === 'static' ? s.sharedCodeArity : dom.pushed;
          break;
        case 'code-per-arity':
          dom.applied += nextSlice(dom.pushed, dom.applied);
          break;
        case 'interpreter-entry':
          dom.applied = dom.pushed;
          break;
      }
      if (design.entry.via !== 'code-per-arity' || dom.applied === dom.pushed) {
        dom.phase = 'callback';
        return;
      }
      // callback3 returned a partial application to C; caml_callbackN_exn calls back again
      // with it and the remaining arguments, which it pushes on the bytecode stack.
      for (const v of s.values) if (v.holder === d && v.reference === 'remaining argument') v.reference = 'argument';
    },
    describe: (d, before, after) => {
      const { pushed, applied } = after.domains[d];
      const callee = d === 0 ? 'the closure' : 'f';
      switch (design.entry.via) {
        case 'interpreter-entry':
          return `domain ${d} enters the interpreter at ${callee}'s code with extra_args = ${pushed - 1} (caml_bytecode_interpreter): ${callee} runs with its ${args(pushed)}`;
        case 'code-per-arity': {
          const slice = applied - before.domains[d].applied;
          if (after.domains[d].phase === 'calling') {
            const rest = after.values.flatMap((v, i) => (v.holder === d && v.reference === 'argument' ? [`v${i}`] : []));
            return `domain ${d}'s interpreter runs the callback code for ${args(slice)}: the closure takes ${slice} of its ${pushed} arguments and returns a partial application to C; caml_callbackN_exn calls back with it and the rest (${rest.join(', ')}), now pushed on the bytecode stack, through the code for ${args(pushed - applied)}`;
          }
          return slice === pushed
            ? `domain ${d}'s interpreter runs the callback code for ${args(slice)} and applies ${callee}`
            : `domain ${d}'s interpreter runs the callback code for ${args(slice)}: the partial application now has all ${pushed} arguments and the closure's body runs`;
        }
        case 'operands-written': {
          const code = design.code.where === 'static' ? 'the shared callback code' : 'its callback code';
          return applied === pushed
            ? `domain ${d}'s interpreter runs ${code}, ${operands(applied)}: it applies ${callee} to its ${args(pushed)}`
            : `domain ${d}'s interpreter runs ${code}, now ${operands(applied)}: its caller pushed ${args(pushed)}, so it takes the wrong stack slot for the closure and applies it to ${args(applied)}`;
        }
      }
    },
  };

  const returnFromCallback: ActionSpec<State, undefined> = {
    actor: () => who(0),
    guard: (s) => s.domains[0].phase === 'callback',
    effect: (s) => {
      Object.assign(s.domains[0], { phase: 'ocaml', pushed: 0, applied: 0 });
      for (const v of s.values) if (v.holder === 0 && v.reference === 'argument') forget(v);
    },
    describe: () => `domain 0's callback returns through the callback code to C, and C returns to its OCaml code`,
  };

  const terminate: ActionSpec<State, number> = {
    over: spawned,
    actor: who,
    // With the unregistration in the at_exit hooks, f returns only after they ran.
    guard: (s, d) => s.domains[d].phase === 'callback' && !(unregister === 'in-callback' && s.domains[d].registered),
    effect: (s, d) => {
      const dom = s.domains[d];
      // Its stack goes away with the thread: whatever it referred to is garbage now.
      for (const v of s.values) if (v.holder === d) forget(v);
      if (unregister === 'at-thread-stop' && dom.registered) {
        dom.registered = false;
        s.codeFragments[dom.tls!] = null;
      }
      Object.assign(dom, { phase: 'exited', pushed: 0, applied: 0, closure: 'none' });
    },
    describe: (d, before) => {
      const b = before.domains[d].tls;
      const freed = `its thread exits and the C library frees its TLS (block ${b})`;
      switch (perThread ? unregister : 'static') {
        case 'never':
          return `f returns and domain ${d} terminates: ${freed}, but its callback code stays registered as a code fragment`;
        case 'at-thread-stop':
          return `f returns and domain ${d} terminates: uninit_callback unregisters its callback code fragment, then ${freed}`;
        case 'when-joined':
          return `f returns and domain ${d} terminates: ${freed}; its callback code fragment stays registered until a domain joins it`;
        default:
          return `f returns and domain ${d} terminates: ${freed}`;
      }
    },
  };

  // Domain.at_exit functions run at the end of the spawned domain's body, inside the callback.
  const unregisterInCallback: ActionSpec<State, number> = {
    over: spawned,
    actor: who,
    guard: (s, d) => s.domains[d].phase === 'callback' && s.domains[d].registered,
    effect: (s, d) => {
      s.domains[d].registered = false;
      s.codeFragments[s.domains[d].tls!] = null;
    },
    describe: (d, before) =>
      `domain ${d}'s Domain.at_exit hooks run inside f and call uninit_callback: its callback code fragment (block ${before.domains[d].tls}) is unregistered while f's return address still points into it`,
  };

  // caml_remove_code_fragment removes the table's entry by start address, whoever registered it last.
  const join: ActionSpec<State, number> = {
    over: spawned,
    actor: () => who(0),
    guard: (s, d) => inOcaml(s.domains[0].phase) && s.domains[d].phase === 'exited' && s.domains[d].registered,
    effect: (s, d) => {
      s.domains[d].registered = false;
      s.codeFragments[s.domains[d].tls!] = null;
    },
    describe: (d, before) => {
      const b = before.domains[d].tls!;
      const entry = before.codeFragments[b];
      const reused = entry !== null && entry !== d ? `; the table's entry for block ${b} now describes domain ${entry}'s callback code, and the removal deletes it` : '';
      return `domain 0 joins domain ${d} and unregisters its callback code fragment (block ${b}), after the C library freed the TLS that held it${reused}`;
    },
  };

  return {
    spawn,
    callBack,
    enter,
    returnFromCallback,
    terminate,
    ...(unregister === 'in-callback' ? { unregisterInCallback } : {}),
    ...(unregister === 'when-joined' ? { join } : {}),
    callBackN,
  };
}
