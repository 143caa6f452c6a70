import type { Instance } from '../instance.js';
import { changedFields } from '../trace/diff.js';

/** The functions whose results change from call to call, which model code must not call. */
const SOURCES_OF_CHANCE: readonly (readonly [object, string, string])[] = [
  [Math, 'random', 'Math.random()'],
  [Date, 'now', 'Date.now()'],
  [performance, 'now', 'performance.now()'],
  [crypto, 'getRandomValues', 'crypto.getRandomValues()'],
  [crypto, 'randomUUID', 'crypto.randomUUID()'],
];

/** What stands in for each source of chance while model code runs: a function that throws. */
const REFUSALS = SOURCES_OF_CHANCE.map(([, , call]) => () => {
  throw new Misbehaviour(
    `called ${call}: model code must be deterministic, or verdicts and counts change from run to run. ` +
      "Let the checker make the choice: an action with one instance per option (`over: [...]`), or a state field.",
  );
});

/** The sources of chance as they were before the outermost `withoutChance` replaced them. */
const saved: unknown[] = SOURCES_OF_CHANCE.map(() => undefined);
let replaced = false;

/**
 * Runs `run` (which calls the model's guards, effects and properties) with every source of
 * chance replaced by a function that throws: a model whose code draws random numbers or reads
 * the clock gets counts that differ from run to run and from one worker count to another, so
 * it is an error where the call is made. Restored before returning; `run` is synchronous, so
 * no other code sees the replacements. (It runs once per batch of states, so it allocates
 * nothing: a level of a few states is a batch of its own.)
 */
export function withoutChance<T>(run: () => T): T {
  if (replaced) return run();
  replaced = true;
  for (let i = 0; i < SOURCES_OF_CHANCE.length; i++) {
    const [owner, key] = SOURCES_OF_CHANCE[i];
    saved[i] = (owner as Record<string, unknown>)[key];
    (owner as Record<string, unknown>)[key] = REFUSALS[i];
  }
  try {
    return run();
  } finally {
    for (let i = 0; i < SOURCES_OF_CHANCE.length; i++) {
      const [owner, key] = SOURCES_OF_CHANCE[i];
      (owner as Record<string, unknown>)[key] = saved[i];
    }
    replaced = false;
  }
}

/**
 * Model code that broke a rule the checker relies on, rather than throwing by itself. The
 * message is a phrase that follows the culprit's name ("the effect of send(1) returned a
 * Promise: ...").
 */
export class Misbehaviour extends Error {
  override name = 'Misbehaviour';
  /** @param action - the action instance whose guard misbehaved, when it was a guard. */
  constructor(message: string, readonly action?: number) {
    super(message);
  }
}

/** Whether a value returned by model code is a Promise or another thenable. */
export function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The truth of a guard's or property's result that is not a plain boolean. A Promise is
 * refused: it is always truthy, so an `async` guard would enable its action everywhere and
 * an `async` invariant would hold everywhere.
 */
export function truthOf(value: unknown, action?: number): boolean {
  if (isThenable(value)) throw new Misbehaviour('returned a Promise: guards and properties must be synchronous functions that return a boolean', action);
  return Boolean(value);
}

/** Refuses the result of an effect that is a Promise: its writes after the first `await` would be lost. */
export function checkEffectResult(value: unknown): void {
  if (value !== undefined && isThenable(value)) {
    throw new Misbehaviour('returned a Promise: an effect must change the state synchronously (writes after an `await` would be lost)');
  }
}

/** Freezes a state and everything in it, so that a write to it throws where it is made. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Finds which guard or property changed a state it must only read, by running each on a copy
 * of `state`, and says so with the field it changed.
 */
export function findMutator(instance: Instance, state: unknown): string {
  const copy = (): unknown => structuredClone(state);
  const suspects: { name: string; run: (s: unknown) => unknown }[] = [
    ...[...instance.invariants, ...instance.reachability, ...instance.finalProperties].map((p) => ({
      name: `property "${p.name}"`,
      run: (s: unknown) => p.holds(s as never),
    })),
    ...instance.actions
      .filter((a) => a.spec.guard)
      .map((a) => ({ name: `the guard of ${a.label}`, run: (s: unknown) => a.spec.guard!(s as never, a.arg) })),
  ];
  if (instance.system.final) suspects.push({ name: 'the final-state predicate', run: (s) => instance.system.final!(s as never) });
  for (const suspect of suspects) {
    const s = copy();
    suspect.run(s);
    const [change] = changedFields(state, s);
    if (change) {
      return `${suspect.name} changed the state it must only read (field ${change.path} went from ${JSON.stringify(change.before)} to ${JSON.stringify(change.after)})`;
    }
  }
  return 'a guard or property changed the state it must only read';
}
