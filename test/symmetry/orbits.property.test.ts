import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from '../../checker/check.js';
import { defineModel, holds, scalarset, system, type DeepReadonly } from '../../spec/index.js';

/** One guarded step a thread may take: conditions on its own state and the shared ones, and what it changes. */
interface Rule {
  readonly from: number;
  readonly to: number;
  readonly owner: 'any' | 'none' | 'self' | 'other';
  readonly flag: 'any' | 'set' | 'clear';
  readonly setOwner: 'keep' | 'self' | 'none';
  readonly toggle: boolean;
  /** What the thread then remembers: nothing new, the owner, or another thread it picks (one instance per pick). */
  readonly remember: 'keep' | 'owner' | 'other';
  readonly queue: 'keep' | 'join' | 'leave';
}

interface Spec {
  readonly threads: number;
  readonly places: number;
  readonly rules: readonly Rule[];
}

interface S {
  owner: number | null;
  flag: boolean;
  pc: number[];
  seen: (number | null)[];
  queue: number[];
}

const rule: fc.Arbitrary<Rule> = fc.record({
  from: fc.integer({ min: 0, max: 2 }),
  to: fc.integer({ min: 0, max: 2 }),
  owner: fc.constantFrom('any', 'none', 'self', 'other'),
  flag: fc.constantFrom('any', 'set', 'clear'),
  setOwner: fc.constantFrom('keep', 'self', 'none'),
  toggle: fc.boolean(),
  remember: fc.constantFrom('keep', 'owner', 'other', 'other'),
  queue: fc.constantFrom('keep', 'join', 'leave'),
});

const spec: fc.Arbitrary<Spec> = fc.record({
  // Three and four threads most often: with fewer, a tie in signatures is rarely more than a swap.
  threads: fc.constantFrom(1, 2, 3, 3, 4, 4),
  places: fc.integer({ min: 2, max: 3 }),
  rules: fc.array(rule, { minLength: 1, maxLength: 5 }),
});

function enabled(r: Rule, s: DeepReadonly<S>, t: number, places: number): boolean {
  if (r.from >= places || s.pc[t] !== r.from) return false;
  if (r.owner === 'none' && s.owner !== null) return false;
  if (r.owner === 'self' && s.owner !== t) return false;
  if (r.owner === 'other' && (s.owner === null || s.owner === t)) return false;
  if (r.flag === 'set' && !s.flag) return false;
  if (r.flag === 'clear' && s.flag) return false;
  if (r.queue === 'join' && (s.queue.includes(t) || s.queue.length === 2)) return false;
  if (r.queue === 'leave' && s.queue[0] !== t) return false;
  return true;
}

function fire(r: Rule, s: S, t: number, places: number, other: number | null): void {
  if (r.remember === 'owner') s.seen[t] = s.owner;
  if (r.remember === 'other') s.seen[t] = other;
  s.pc[t] = r.to % places;
  if (r.setOwner === 'self') s.owner = t;
  if (r.setOwner === 'none') s.owner = null;
  if (r.toggle) s.flag = !s.flag;
  if (r.queue === 'join') s.queue.push(t);
  if (r.queue === 'leave') s.queue.shift();
}

/**
 * A random system of interchangeable threads: each rule is a step any thread may take, and
 * its conditions and changes only compare thread ids for equality, so it is symmetric.
 */
function modelOf({ threads, places, rules }: Spec) {
  const Thread = scalarset('thread', threads);
  const State = z.object({
    owner: Thread.id.nullable(),
    flag: z.boolean(),
    pc: Thread.array(z.number().int().min(0).max(places - 1)),
    seen: Thread.array(Thread.id.nullable()),
    queue: z.array(Thread.id).max(2),
  });
  return defineModel({
    name: 'random-symmetric',
    summary: 'random rules over interchangeable threads',
    variants: { only: { summary: 'the rules', source: 'fast-check', expect: holds() } },
    build: () =>
      system(State, {
        init: initial(threads),
        actions: Object.fromEntries(
          rules.map((r, i) => [
            `rule${i}`,
            {
              over: instancesOf(r, threads),
              guard: (s: DeepReadonly<S>, [t]: Pick) => enabled(r, s, t, places),
              effect: (s: S, [t, other]: Pick) => fire(r, s, t, places, other),
              describe: ([t]: Pick) => `thread ${t} follows rule ${i}`,
            },
          ]),
        ),
        properties: {},
      }),
  });
}

/** A rule's instance: the thread that takes it, and the other thread it picks (null if it picks none). */
type Pick = readonly [number, number | null];

function instancesOf(r: Rule, threads: number): Pick[] {
  const ids = Array.from({ length: threads }, (_, t) => t);
  if (r.remember !== 'other') return ids.map((t) => [t, null]);
  return ids.flatMap((t) => ids.filter((u) => u !== t).map((u): Pick => [t, u]));
}

function initial(threads: number): S {
  return { owner: null, flag: false, pc: Array(threads).fill(0), seen: Array(threads).fill(null), queue: [] };
}

/** Every reachable state, by a plain breadth-first search over JSON keys: the reference. */
function reachable({ threads, places, rules }: Spec): S[] {
  const seen = new Map<string, S>();
  const queue = [initial(threads)];
  seen.set(JSON.stringify(queue[0]), queue[0]);
  // Each rule's instances once, and an index into the queue rather than shift(), which moves the
  // whole queue: some systems reach 200,000 states.
  const instances = rules.map((r) => [r, instancesOf(r, threads)] as const);
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    for (const [r, picks] of instances) {
      for (const [t, other] of picks) {
        if (!enabled(r, s, t, places)) continue;
        const next: S = { owner: s.owner, flag: s.flag, pc: [...s.pc], seen: [...s.seen], queue: [...s.queue] };
        fire(r, next, t, places, other);
        const key = JSON.stringify(next);
        if (!seen.has(key)) seen.set(key, next), queue.push(next);
      }
    }
  }
  return [...seen.values()];
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** The state with thread t renamed p[t]: written out by hand, independently of the checker's generated permutation. */
function renamed(s: S, p: number[]): S {
  const id = (t: number | null): number | null => (t === null ? null : p[t]);
  const pc = Array<number>(s.pc.length);
  const seen = Array<number | null>(s.seen.length);
  s.pc.forEach((v, t) => (pc[p[t]] = v));
  s.seen.forEach((v, t) => (seen[p[t]] = id(v)));
  return { owner: id(s.owner), flag: s.flag, pc, seen, queue: s.queue.map((t) => p[t]) };
}

/**
 * The number of orbits among `states`, the reachable states of `spec`: a state none of whose
 * renamings was met starts an orbit, and its renamings are then all met. (Taking each state's
 * least renaming renames every state every way: tens of seconds on the systems of 200,000
 * states fast-check sometimes draws.)
 */
function orbits(spec: Spec, states: readonly S[]): number {
  const all = permutations(spec.threads);
  const identity = all.find((p) => p.every((t, i) => t === i))!;
  const met = new Set<string>();
  let count = 0;
  for (const s of states) {
    if (met.has(JSON.stringify(renamed(s, identity)))) continue;
    count++;
    for (const p of all) met.add(JSON.stringify(renamed(s, p)));
  }
  return count;
}

describe('symmetry reduction on random symmetric systems', () => {
  it('exact form: the states stored are exactly the orbits; fast form: between the orbits and the states; no reduction: the states', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const model = modelOf(s);
        const all = reachable(s);
        const states = all.length;
        const orbitCount = orbits(s, all);
        const count = (symmetry: 'off' | 'exact' | 'fast'): number => {
          const result = check(model, { symmetry, deadlock: false });
          expect(result.outcome.verdict).toBe('holds');
          return result.stats.states;
        };
        expect(count('off')).toBe(states);
        expect(count('exact')).toBe(orbitCount);
        const fast = count('fast');
        expect(fast).toBeGreaterThanOrEqual(orbitCount);
        expect(fast).toBeLessThanOrEqual(states);
      }),
      { numRuns: 100 },
    );
  });
});
