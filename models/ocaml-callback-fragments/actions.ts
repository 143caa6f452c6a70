import { pairs, range } from 'interleave';
import type { ActionSpec } from 'interleave';
import { ARITIES, blockFree, inOcaml, type Design, type Params, type State } from './state.js';

const who = (d: number) => `domain ${d}`;
const args = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
/** The two operands caml_callbackN_exn writes into the bytecode callback code for n arguments. */
const operands = (n: number) => `ACC ${n + 3}; APPLY ${n}`;

/** The domains' own steps: spawning, callbacks into OCaml, termination, and (one variant) joining. */
export function domainActions({ domains, blocks }: Params, design: Design) {
  const all = range(domains);
  const spawned = all.slice(1);
  const perThread = design.code === 'per-thread';

  const callBack: ActionSpec<State, [number, number]> = {
    over: pairs(all, ARITIES),
    actor: ([d]) => who(d),
    // The main domain calls C functions that call back with 1 or 2 arguments; a spawned
    // domain's thread calls back once, to run f () for Domain.spawn.
    guard: (s, [d, n]) => (d === 0 ? s.domains[0].phase === 'ocaml' : s.domains[d].phase === 'starting' && n === 1),
    effect: (s, [d, n]) => {
      const dom = s.domains[d];
      dom.pushed = n;
      dom.phase = 'calling';
      if (perThread) dom.registered = true;
      if (design.code === 'shared-mutable') s.sharedCodeArity = n;
    },
    describe: ([d, n], before) => {
      const dom = before.domains[d];
      const head =
        d === 0
          ? `domain 0 calls a C function that calls back into OCaml with ${args(n)}`
          : `domain ${d}'s thread calls back into OCaml to run f with 1 argument (caml_callback_res)`;
      switch (design.code) {
        case 'per-thread':
          return dom.registered
            ? `${head}; it writes ${operands(n)} into its own thread's callback code`
            : `${head}; first callback on this thread: it initialises the callback code in its TLS (block ${dom.tls}), registers it as a code fragment and writes ${operands(n)} into it`;
        case 'shared-mutable':
          return `${head}; it writes ${operands(n)} into the shared callback code`;
        case 'fixed-per-arity':
          return `${head} through the immutable callback code for ${args(n)}`;
        case 'interpreter-entry':
          return `${head}; its return address points into the shared STOP code`;
      }
    },
  };

  const enter: ActionSpec<State, number> = {
    over: all,
    actor: who,
    guard: (s, d) => s.domains[d].phase === 'calling',
    effect: (s, d) => {
      const dom = s.domains[d];
      dom.applied = design.code === 'shared-mutable' ? s.sharedCodeArity : dom.pushed;
      dom.phase = 'callback';
    },
    describe: (d, _before, after) => {
      const { pushed, applied } = after.domains[d];
      const callee = d === 0 ? 'the closure' : 'f';
      if (design.code === 'interpreter-entry') return `domain ${d} enters the interpreter at ${callee}'s code with ${args(pushed)}`;
      if (design.code === 'fixed-per-arity') return `domain ${d}'s interpreter runs the callback code for ${args(pushed)} and applies ${callee}`;
      const code = design.code === 'shared-mutable' ? 'the shared callback code' : 'its callback code';
      return applied === pushed
        ? `domain ${d}'s interpreter runs ${code}, ${operands(applied)}: it applies ${callee} to its ${args(pushed)}`
        : `domain ${d}'s interpreter runs ${code}, now ${operands(applied)}: its caller pushed ${args(pushed)}, so it takes the wrong stack slot for the closure and applies it to ${args(applied)}`;
    },
  };

  const returnFromCallback: ActionSpec<State, undefined> = {
    actor: () => who(0),
    guard: (s) => s.domains[0].phase === 'callback',
    effect: (s) => {
      Object.assign(s.domains[0], { phase: 'ocaml', pushed: 0, applied: 0 });
    },
    describe: () => `domain 0's callback returns through the callback code to C, and C returns to its OCaml code`,
  };

  const terminate: ActionSpec<State, number> = {
    over: spawned,
    actor: who,
    guard: (s, d) => s.domains[d].phase === 'callback',
    effect: (s, d) => {
      const dom = s.domains[d];
      // Its stack goes away with the thread: whatever its locals referred to is garbage now.
      for (const v of s.values) {
        if (v.holder !== d) continue;
        v.holder = null;
        if (v.state === 'young') Object.assign(v, { state: 'unallocated', block: null });
      }
      if (design.unregister === 'before-tls-freed') dom.registered = false;
      Object.assign(dom, { phase: 'exited', pushed: 0, applied: 0 });
    },
    describe: (d, before) => {
      const b = before.domains[d].tls;
      const freed = `its thread exits and the C library frees its TLS (block ${b})`;
      if (!perThread) return `f returns and domain ${d} terminates: ${freed}`;
      switch (design.unregister) {
        case 'never':
          return `f returns and domain ${d} terminates: ${freed}, but its callback code stays registered as a code fragment`;
        case 'before-tls-freed':
          return `f returns and domain ${d} terminates: uninit_callback unregisters its callback code fragment, then ${freed}`;
        case 'when-joined':
          return `f returns and domain ${d} terminates: ${freed}; its callback code fragment stays registered until a domain joins it`;
      }
    },
  };

  const spawn: ActionSpec<State, [number, number]> = {
    over: pairs(spawned, range(blocks)),
    actor: () => who(0),
    guard: (s, [d, b]) => inOcaml(s.domains[0].phase) && s.domains[d].phase === 'not started' && blockFree(s, b),
    effect: (s, [d, b]) => {
      Object.assign(s.domains[d], { phase: 'starting', tls: b });
    },
    describe: ([d, b]) =>
      `domain 0 spawns domain ${d} (Domain.spawn): its new thread's TLS${perThread ? ', which holds the thread\'s copy of the callback code,' : ''} is block ${b}`,
  };

  const join: ActionSpec<State, number> = {
    over: spawned,
    actor: () => who(0),
    guard: (s, d) => inOcaml(s.domains[0].phase) && s.domains[d].phase === 'exited' && s.domains[d].registered,
    effect: (s, d) => {
      s.domains[d].registered = false;
    },
    describe: (d, before) =>
      `domain 0 joins domain ${d} and unregisters its callback code fragment (block ${before.domains[d].tls}), after the C library freed the TLS that held it`,
  };

  return { spawn, callBack, enter, returnFromCallback, terminate, ...(design.unregister === 'when-joined' ? { join } : {}) };
}
