import type { Instance } from '../instance.js';
import { Expander, type ExpanderOptions, type Finding } from '../search/expander.js';
import { faultingAction, PathFollower, type Counterexample, type Followed } from './path.js';
import { deriveSeed } from './random.js';
import { Tally } from './tally.js';
import { Walker } from './walk.js';

/** The longest trace whose pairs of steps are tried for removal. */
const MAX_PAIRS_LENGTH = 64;

/** Walks the shortening phase may run, in all. */
const SHORTENING_RUNS = 2000;

/** Sets the shortening walks' seeds apart from the simulation's own. */
const SHORTENING_STREAM = 0x5348524b;

/**
 * Shrinks a counterexample found at random to a short one that still is an execution from the
 * same initial state (every step enabled where it is taken, every state checked on the way)
 * and still ends in the same finding: the same property violated, a deadlock, or the same fault.
 *
 * At its core is delta debugging over the step list (Zeller and Hildebrandt's ddmin: remove
 * chunks of steps, halve the chunks when none can go) rather than fast-check's shrinking of a
 * command list. fast-check shrinks the command lists its own runner generated, by dropping
 * commands and shrinking their arguments; a step here is an action instance with nothing inside
 * to shrink, so dropping steps is all there is, and ddmin drops long irrelevant stretches in
 * few tries without making a test library a dependency of the checker. Around it:
 *
 * - loops are cut: when the path comes back to a state it was in, the steps between go;
 * - whole actors go: every step of one actor (a thread, a domain) at once, so that the trace
 *   tells the bug with as few actors as it needs;
 * - ddmin removes any chunk of steps whose removal keeps the finding;
 * - pairs of steps go together (a collection's start and its end, far apart);
 *
 * repeated until none removes a step: the trace is then 1-minimal. Removing steps cannot turn a
 * long detour into a different short route, so a shortening phase follows, as SPIN's -i
 * iterates its search with a smaller depth bound: further random walks (2,000 in all, from
 * generators derived from the finding's seed, so the same seed gives the same trace) bounded
 * to one step fewer than the best so far; each that ends in the same finding is minimised in
 * turn. The result is not always a shortest counterexample (breadth-first search gives that);
 * test/simulate/shrink.test.ts measures it against the shortest on the bundled models' bugs.
 */
export function shrink(instance: Instance, options: ExpanderOptions, found: Counterexample, seed: number): Counterexample {
  const follower = new PathFollower(instance, new Expander(instance, options));
  let best = minimise(instance, follower, found);
  const walker = new Walker(instance, options);
  const tally = new Tally(instance.actions.length);
  for (let round = 0; tally.runs < SHORTENING_RUNS && best.actions.length > 1; round++) {
    const walks = { seed: deriveSeed(seed ^ SHORTENING_STREAM, round), depth: best.actions.length - 1, runs: SHORTENING_RUNS - tally.runs };
    const [shorter] = walker.run(walks, tally);
    if (shorter && sameFinding(shorter.counterexample.finding, best.finding)) best = minimise(instance, follower, shorter.counterexample);
  }
  return best;
}

/** Cuts loops, drops actors, then runs ddmin, until none of them removes a step. */
function minimise(instance: Instance, follower: PathFollower, found: Counterexample): Counterexample {
  let best = cutLoops(follower, found);
  for (;;) {
    const before = best.actions.length;
    best = cutLoops(follower, withoutPairs(follower, ddmin(follower, withoutActors(instance, follower, best))));
    if (best.actions.length === before) return best;
  }
}

/** The same finding: the same property, both deadlocks, or the same fault. */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'always' || a.kind === 'atEnd') return a.property === (b as typeof a).property;
  if (a.kind === 'fault') return a.message === (b as typeof a).message && a.nextAction === (b as typeof a).nextAction;
  return true;
}

/**
 * Tries the steps `actions` from the counterexample's initial state, dropping each step that is
 * not enabled where it comes (a step taken out often disables one that depended on it): the
 * counterexample they make (cut at the first finding, when it is the same one), or undefined.
 */
function attempt(follower: PathFollower, of: Counterexample, actions: readonly number[]): Counterexample | undefined {
  let followed = follower.follow({ init: of.init, actions }, faultingAction(of));
  while (followed.blockedAt !== undefined) {
    const blocked = followed.blockedAt;
    actions = actions.filter((_, k) => k !== blocked);
    followed = follower.follow({ init: of.init, actions }, faultingAction(of));
  }
  if (followed.finding === undefined || !sameFinding(followed.finding, of.finding)) return undefined;
  return { init: of.init, actions: actions.slice(0, followed.states.length - 1), finding: followed.finding };
}

/** Cuts every loop: from each state on, the path continues from the last time it is in that state. */
function cutLoops(follower: PathFollower, of: Counterexample): Counterexample {
  const followed: Followed = follower.follow(of, faultingAction(of));
  const key = (state: Uint32Array): string => state.join(',');
  const last = new Map<string, number>();
  followed.states.forEach((state, i) => last.set(key(state), i));
  const actions: number[] = [];
  for (let i = last.get(key(followed.states[0]))!; i < of.actions.length; i = last.get(key(followed.states[i + 1]))!) {
    actions.push(of.actions[i]);
  }
  return attempt(follower, of, actions) ?? of;
}

/** Drops every step of one actor at a time, while the finding stays. */
function withoutActors(instance: Instance, follower: PathFollower, of: Counterexample): Counterexample {
  let best = of;
  for (let progress = true; progress; ) {
    progress = false;
    const actors = actorsOf(instance, follower, best);
    for (const actor of new Set(actors)) {
      if (actor === undefined) continue;
      const fewer = attempt(follower, best, best.actions.filter((_, i) => actors[i] !== actor));
      if (fewer) {
        best = fewer;
        progress = true;
        break;
      }
    }
  }
  return best;
}

/** Who takes each step of a counterexample (undefined for an action without `actor`). */
function actorsOf(instance: Instance, follower: PathFollower, of: Counterexample): (string | undefined)[] {
  const { states } = follower.follow(of, faultingAction(of));
  return of.actions.map((a, i) => {
    const { spec, arg } = instance.actions[a];
    return spec.actor?.(arg, instance.codec.decode(states[i], 0) as never);
  });
}

/**
 * Drops two steps at once, anywhere: ddmin removes runs of neighbouring steps, but a step often
 * goes only with another further on (a collection's start and its end, a lock and its unlock).
 * Quadratic in the length, so only for traces short enough, as they are after ddmin.
 */
function withoutPairs(follower: PathFollower, of: Counterexample): Counterexample {
  if (of.actions.length > MAX_PAIRS_LENGTH) return of;
  for (let j = of.actions.length - 1; j > 0; j--) {
    for (let i = j - 1; i >= 0; i--) {
      const fewer = attempt(follower, of, of.actions.filter((_, k) => k !== i && k !== j));
      if (fewer) return withoutPairs(follower, fewer);
    }
  }
  return of;
}

/** ddmin over the steps: removes chunks while the finding stays, halving the chunks when none can go. */
function ddmin(follower: PathFollower, of: Counterexample): Counterexample {
  let best = of;
  let chunks = 2;
  while (best.actions.length >= 1) {
    const length = best.actions.length;
    const size = Math.ceil(length / Math.min(chunks, length));
    let smaller: Counterexample | undefined;
    for (let start = 0; start < length && !smaller; start += size) {
      smaller = attempt(follower, best, [...best.actions.slice(0, start), ...best.actions.slice(start + size)]);
    }
    if (smaller) {
      best = smaller;
      chunks = Math.max(chunks - 1, 2);
    } else if (size === 1) {
      return best;
    } else {
      chunks = Math.min(chunks * 2, length);
    }
  }
  return best;
}
