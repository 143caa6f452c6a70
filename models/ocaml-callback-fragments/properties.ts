import { always, sometimes } from 'interleave';
import { deadThreadsAt, domainList, fragmentOwners, type State, type View } from './state.js';

/** Why the stack scan could not see a value in block b, from what the state still shows. */
function blindSpot(s: View, b: number): string {
  const owners = fragmentOwners(s, b);
  const dead = deadThreadsAt(s, b);
  const tls = dead.length > 0 ? `the TLS of ${domainList(dead)}, freed when it terminated` : 'thread memory';
  return owners.length > 0
    ? `the stack scan skipped it because block ${b} lies in ${domainList(owners)}'s callback code fragment, which is still registered although block ${b} was ${tls}`
    : `nothing marked it: block ${b} was ${tls}, still registered as a code fragment when the stack scan ran`;
}

/** The properties every variant is checked against. */
export function properties() {
  return {
    'no value is freed while a stack references it': always<State>(
      (s) => s.values.every((v) => !(v.state === 'freed' && v.holder !== null)),
      (s) => {
        const i = s.values.findIndex((v) => v.state === 'freed' && v.holder !== null);
        const { holder, block } = s.values[i];
        return `value v${i} in block ${block} was freed by the sweep while domain ${holder}'s stack still refers to it, so domain ${holder}'s next use of it reads freed memory; ${blindSpot(s, block!)}`;
      },
    ),
    'a callback runs with the arguments its caller wrote': always<State>(
      (s) => s.domains.every((d) => d.phase !== 'callback' || d.applied === d.pushed),
      (s) => {
        const i = s.domains.findIndex((d) => d.phase === 'callback' && d.applied !== d.pushed);
        const { pushed, applied } = s.domains[i];
        const args = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
        return `domain ${i} pushed ${args(pushed)}, so its closure is in stack slot ${pushed + 3}, but the callback code it ran, rewritten by another domain's callback, says ACC ${applied + 3}; APPLY ${applied}: it applies the word in slot ${applied + 3} to ${args(applied)}`;
      },
    ),
    // From every idle state the collector can start a cycle (scan) and then sweep, so reaching
    // this state means the checker explored the scan and the sweep of such a value.
    'a value on a stack lies in a dead thread\'s memory when a major cycle can begin': sometimes<State>(
      (s) =>
        s.gc === 'idle' &&
        s.values.some((v) => v.state === 'promoted' && v.holder !== null && deadThreadsAt(s, v.block!).length > 0),
    ),
    'two domains prepare callbacks of different arities at once': sometimes<State>((s) =>
      s.domains.some((d, i) => d.phase === 'calling' && s.domains.some((e, j) => j !== i && e.phase === 'calling' && e.pushed !== d.pushed)),
    ),
  };
}
