import { always, sometimes } from 'interleave-check';
import type { Design } from './design.js';
import { hasCallbackFrame, returnAddressRegistered } from './roots.js';
import { N_ARGUMENTS, deadThreadsAt, domainList, type State, type View } from './state.js';

/** The GC's safety: nothing a domain still uses is freed. */
export const FREED = 'no value is freed while a stack references it';
/** The callback's correctness: the closure gets the arguments its caller passed. */
export const ARGUMENTS = 'a callback runs with the arguments its caller wrote';
/** The stack scan's precondition: it can tell return addresses from values. */
export const CODE_POINTERS = 'every code pointer on a stack lies in a registered code fragment';
/** Reachability: the dangerous path (memory reuse under the stack scan) is explored. */
export const DEAD_MEMORY_SCANNED = "a major cycle marks a value in a dead thread's memory and its sweep keeps it";
/** Reachability: a callback with more arguments than callback3 takes completes. */
export const MANY_ARGUMENTS = `a callback with ${N_ARGUMENTS} arguments runs its closure's body`;
/** Reachability: the race window of the mutating design is explored. */
export const RACE_WINDOW = 'two domains prepare callbacks of different arities at once';

const args = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;

/** Why the stack scan could not see a value in block b, from what the state still shows. */
function blindSpot(s: View, b: number): string {
  const owner = s.codeFragments[b];
  const dead = deadThreadsAt(s, b);
  const tls = dead.length > 0 ? `the TLS of ${domainList(dead)}, freed when it terminated` : 'thread memory';
  return owner !== null
    ? `the stack scan skipped it because block ${b} lies in domain ${owner}'s callback code fragment, which is still registered although block ${b} was ${tls}`
    : `nothing marked it: block ${b} was ${tls}, still registered as a code fragment when the stack scan ran`;
}

/** Why value i, freed, was still in use and how it was lost. */
function explainFreedValue(s: View, i: number): string {
  const { holder, block, reference } = s.values[i];
  if (reference === 'remaining argument') {
    const how = block === null ? 'left behind by a minor GC' : `freed by the sweep (block ${block})`;
    return `value v${i}, an argument of domain ${holder}'s caml_callbackN waiting in its C array for the next iteration, was ${how}: no root registered it, so the next callback pushes a dangling pointer`;
  }
  const role = reference === 'argument' ? ', an argument of its callback,' : '';
  return `value v${i} in block ${block}${role} was freed by the sweep while domain ${holder}'s stack still refers to it, so domain ${holder}'s next use of it reads freed memory; ${blindSpot(s, block!)}`;
}

/** The properties every variant is checked against. */
export function properties(design: Design) {
  return {
    [FREED]: always<State>(
      (s) => s.values.every((v) => v.state !== 'freed') && s.domains.every((d) => d.closure !== 'freed'),
      (s) => {
        const i = s.values.findIndex((v) => v.state === 'freed');
        if (i >= 0) return explainFreedValue(s, i);
        const d = s.domains.findIndex((dom) => dom.closure === 'freed');
        return `domain ${d}'s closure f was freed by the sweep while caml_callbackN_exn still holds it, in a C variable that no root registers: the interpreter is about to enter freed code`;
      },
    ),
    [ARGUMENTS]: always<State>(
      (s) => s.domains.every((d) => d.phase !== 'callback' || d.applied === d.pushed),
      (s) => {
        const i = s.domains.findIndex((d) => d.phase === 'callback' && d.applied !== d.pushed);
        const { pushed, applied } = s.domains[i];
        return `domain ${i} pushed ${args(pushed)}, so its closure is in stack slot ${pushed + 3}, but the callback code it ran, rewritten by another domain's callback, says ACC ${applied + 3}; APPLY ${applied}: it applies the word in slot ${applied + 3} to ${args(applied)}`;
      },
    ),
    [CODE_POINTERS]: always<State>(
      (s) => s.domains.every((_, d) => !hasCallbackFrame(s, d) || returnAddressRegistered(s, d, design)),
      (s) => {
        const d = s.domains.findIndex((_, i) => hasCallbackFrame(s, i) && !returnAddressRegistered(s, i, design));
        const consequence =
          'the next stack scan takes it for a value and marks it, writing GC colour bits into the callback code and scanning bytecode as fields';
        if (design.code.where === 'static') {
          return `domain ${d}'s callback frame returns into the runtime's static callback code, which caml_init_callbacks never registered as a code fragment: ${consequence}`;
        }
        const { tls, registered } = s.domains[d];
        const why = registered
          ? `a removal at the same start address deleted the entry, although domain ${d}'s own registration was never removed`
          : `its fragment was unregistered while the frame is still on the stack`;
        return `domain ${d}'s callback frame returns into its thread's callback code (callback_code + 4, block ${tls}), but the code-fragment table has no entry for block ${tls}: ${why}; ${consequence}`;
      },
    ),
    // Marks last until the next cycle begins, so this state follows a scan and a sweep.
    [DEAD_MEMORY_SCANNED]: sometimes<State>(
      (s) =>
        s.gc === 'idle' &&
        s.values.some((v) => v.state === 'promoted' && v.holder !== null && v.mark === 'marked by the scan' && deadThreadsAt(s, v.block!).length > 0),
    ),
    [MANY_ARGUMENTS]: sometimes<State>((s) => s.domains.some((d) => d.phase === 'callback' && d.pushed === N_ARGUMENTS)),
    [RACE_WINDOW]: sometimes<State>((s) =>
      s.domains.some((d, i) => d.phase === 'calling' && s.domains.some((e, j) => j !== i && e.phase === 'calling' && e.pushed !== d.pushed)),
    ),
  };
}
