import { messageOf } from '../../checker/errors.js';
import type { Instance, NamedProperty } from '../../checker/instance.js';

/** What a property says about the current state of a path. */
export interface PropertyStatus {
  /** The property's name. */
  readonly name: string;
  /** Its kind: always, atEnd, sometimes, or a liveness kind. */
  readonly kind: string;
  /**
   * `holds` or `violated` for an invariant (and a final-state property in a final state);
   * `not final` for a final-state property while actions are enabled; `met` or `not met`
   * for a reachability check; `liveness` for a property of whole behaviours; `error` when
   * the model's code threw.
   */
  readonly status: 'holds' | 'violated' | 'not final' | 'met' | 'not met' | 'liveness' | 'error';
  /** Why, in the model's words (for a violation) or in the explorer's. */
  readonly note: string;
}

/** How the current state of a path stands: something violated, a deadlock, a legitimate end, or none of these. */
export type StateVerdict =
  | { readonly kind: 'violated'; readonly property: NamedProperty; readonly explanation: string }
  | { readonly kind: 'deadlock'; readonly explanation: string }
  | { readonly kind: 'final'; readonly explanation: string }
  | { readonly kind: 'running' };

function explain(property: NamedProperty, state: unknown): string {
  try {
    return property.explain ? property.explain(state as never) : `property "${property.name}" is false in this state`;
  } catch (error) {
    return `the explanation of property "${property.name}" threw: ${messageOf(error)}`;
  }
}

/**
 * The status of every property of the instance in `states.at(-1)`, the last state of a path,
 * where `enabled` action instances are enabled. A reachability check also looks back along the path.
 */
export function propertyStatuses(instance: Instance, states: readonly unknown[], enabled: number): PropertyStatus[] {
  const state = states[states.length - 1];
  const checked = new Set([...instance.invariants, ...instance.reachability, ...instance.finalProperties, ...instance.liveness].map((p) => p.name));
  const properties = Object.entries(instance.system.properties)
    .map(([name, p]) => ({ ...p, name }))
    .filter((p) => checked.has(p.name));
  return properties.map((p): PropertyStatus => {
    const base = { name: p.name, kind: p.kind };
    try {
      switch (p.kind) {
        case 'always':
          return p.holds(state as never) ? { ...base, status: 'holds', note: 'true in this state' } : { ...base, status: 'violated', note: explain(p, state) };
        case 'atEnd':
          if (enabled > 0) return { ...base, status: 'not final', note: `checked only where no action is enabled; ${enabled} ${enabled === 1 ? 'is' : 'are'} enabled here` };
          return p.holds(state as never) ? { ...base, status: 'holds', note: 'true in this final state' } : { ...base, status: 'violated', note: explain(p, state) };
        case 'sometimes': {
          if (p.holds(state as never)) return { ...base, status: 'met', note: 'met in this state' };
          const at = states.findIndex((s) => p.holds(s as never));
          return at >= 0
            ? { ...base, status: 'met', note: at === 0 ? 'met in the initial state of this path' : `met after step ${at} of this path` }
            : { ...base, status: 'not met', note: 'not met on this path (the checker looks for it in every reachable state)' };
        }
        default:
          return {
            ...base,
            status: 'liveness',
            note: `a property of whole behaviours, which the checker decides; the state it waits for ${p.holds(state as never) ? 'holds' : 'does not hold'} here`,
          };
      }
    } catch (error) {
      return { ...base, status: 'error', note: `the property threw: ${messageOf(error)}` };
    }
  });
}

/**
 * What the checker would report in a state where `enabled` action instances are enabled: the
 * first invariant violated, else (with none enabled) the first final-state property violated,
 * a deadlock or a legitimate end, in the order the checker looks for them. With `deadlock`
 * false, as with `check --no-deadlock`, every state where nothing is enabled is an end.
 */
export function stateVerdict(instance: Instance, state: unknown, enabled: number, deadlock = true): StateVerdict {
  const violated = (properties: readonly NamedProperty[]) => properties.find((p) => !p.holds(state as never));
  const invariant = violated(instance.invariants);
  if (invariant) return { kind: 'violated', property: invariant, explanation: explain(invariant, state) };
  if (enabled > 0) return { kind: 'running' };
  const atEnd = violated(instance.finalProperties);
  if (atEnd) return { kind: 'violated', property: atEnd, explanation: explain(atEnd, state) };
  if (instance.system.final?.(state as never)) return { kind: 'final', explanation: 'no action is enabled, and the model calls this state final' };
  if (!deadlock) return { kind: 'final', explanation: 'no action is enabled; with deadlock detection off (--no-deadlock) that is an end' };
  const explanation = instance.system.explainDeadlock?.(state as never) ?? 'no action is enabled, and the model does not call this state final';
  return { kind: 'deadlock', explanation };
}
