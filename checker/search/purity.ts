import type { Instance } from '../instance.js';
import { changedFields } from '../trace/diff.js';

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
