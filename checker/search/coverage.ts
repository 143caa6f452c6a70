import type { Instance } from '../instance.js';

/** One action instance's counts in a search. */
export interface InstanceCount {
  /** The instance, as `name(arg)`. */
  readonly instance: string;
  /** Expanded states in which it was enabled (it fired once in each). */
  readonly enabled: number;
  /** States not seen before that its firing made. */
  readonly newStates: number;
}

/** One action's counts, summed over its instances, and each instance's. */
export interface ActionCount {
  /** The action's name. */
  readonly action: string;
  /** Expanded states in which one of its instances was enabled, summed over the instances. */
  readonly enabled: number;
  /** States not seen before that its instances made. */
  readonly newStates: number;
  /** Each instance's counts, in argument order (one, named as the action, for an action without `over`). */
  readonly instances: readonly InstanceCount[];
}

/**
 * What a search saw of each action, as TLC's `-coverage` and SPIN's unreached code show it.
 * Under symmetry reduction the states counted are the orbits' representatives: an instance's
 * count is of the representatives that enable it, and an instance may never be enabled in a
 * representative while a symmetric one is, so only whole actions are flagged then.
 */
export interface Coverage {
  /** Whether the search expanded every reachable state: only then is "never enabled" a fact about the model. */
  readonly exhaustive: boolean;
  /** Each action's counts, in declaration order. */
  readonly actions: readonly ActionCount[];
  /**
   * After an exhaustive search, what was never enabled and the variant does not declare in
   * `neverEnabled`: whole actions by name, and the never-enabled instances of actions that
   * were enabled otherwise. A guard that never holds is a likely modelling mistake.
   */
  readonly neverEnabled: readonly string[];
  /** The variant's `neverEnabled` entries that were indeed never enabled, with the reason it gives. */
  readonly expectedNeverEnabled: readonly { readonly name: string; readonly reason: string }[];
  /** The variant's `neverEnabled` entries that were enabled after all, with the variant's own parameters (others may enable them). */
  readonly enabledAfterAll: readonly string[];
}

/**
 * Counters per action instance, fed where a search inserts the successors of an expanded
 * state: each successor record is one enabled instance fired once, so counting the records by
 * action counts the states that enabled it. Since successors are inserted in state order, the
 * counts are the same however many threads expanded the states.
 */
export class CoverageCounter {
  /** `enabled[i]`: expanded states in which instance i was enabled. */
  readonly enabled: Float64Array;
  /** `newStates[i]`: new states that instance i made. */
  readonly newStates: Float64Array;

  /** @param instances - the number of action instances. */
  constructor(instances: number) {
    this.enabled = new Float64Array(instances);
    this.newStates = new Float64Array(instances);
  }

  /** Counts one firing of instance `action` from an expanded state; `isNew` when it made a state not seen before. */
  count(action: number, isNew: boolean): void {
    this.enabled[action]++;
    if (isNew) this.newStates[action]++;
  }
}

/** The coverage of a search from its counters; `exhaustive` when it expanded every reachable state. */
export function coverageOf(instance: Instance, counter: CoverageCounter, exhaustive: boolean): Coverage {
  const actions: { action: string; enabled: number; newStates: number; instances: InstanceCount[] }[] = [];
  for (const a of instance.actions) {
    let entry = actions.at(-1);
    if (entry?.action !== a.action) actions.push((entry = { action: a.action, enabled: 0, newStates: 0, instances: [] }));
    const count = { instance: a.label, enabled: counter.enabled[a.index], newStates: counter.newStates[a.index] };
    entry.enabled += count.enabled;
    entry.newStates += count.newStates;
    entry.instances.push(count);
  }
  const declared = instance.variantSpec.neverEnabled ?? {};
  const isDeclared = (action: string, name: string) => Object.hasOwn(declared, name) || Object.hasOwn(declared, action);
  const never: string[] = [];
  if (exhaustive) {
    for (const a of actions) {
      if (a.enabled === 0) {
        if (!isDeclared(a.action, a.action)) never.push(a.action);
      } else if (!instance.symmetry) {
        never.push(...a.instances.filter((i) => i.enabled === 0 && !isDeclared(a.action, i.instance)).map((i) => i.instance));
      }
    }
  }
  const enabledOf = new Map<string, number>();
  for (const a of actions) {
    enabledOf.set(a.action, a.enabled);
    for (const i of a.instances) enabledOf.set(i.instance, i.enabled);
  }
  const entries = Object.entries(declared);
  return {
    exhaustive,
    actions,
    neverEnabled: never,
    expectedNeverEnabled: exhaustive ? entries.filter(([name]) => enabledOf.get(name) === 0).map(([name, reason]) => ({ name, reason })) : [],
    enabledAfterAll: instance.ownParams ? entries.filter(([name]) => (enabledOf.get(name) ?? 0) > 0).map(([name]) => name) : [],
  };
}

/**
 * Checks a variant's `neverEnabled` declaration against its instance: each entry must name an
 * action, or an instance as `name(arg)`; with the variant's own parameters the instance must
 * exist, while other parameters may build fewer. Returns the message of what is wrong, or undefined.
 */
export function neverEnabledMistake(instance: Instance): string | undefined {
  const declared: unknown = instance.variantSpec.neverEnabled;
  if (declared === undefined) return undefined;
  const where = `model ${instance.model.name} (variant ${instance.variant}): neverEnabled`;
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared) || Object.values(declared).some((r) => typeof r !== 'string')) {
    return `${where} must map each action or instance expected to stay disabled to the reason why, as { 'callBack(1, 2)': 'thread 1 never registers a callback' }`;
  }
  const actions = new Set(instance.actions.map((a) => a.action));
  const labels = new Set(instance.actions.map((a) => a.label));
  for (const name of Object.keys(declared)) {
    if (labels.has(name) || actions.has(name)) continue;
    const action = /^([^(]+)\(/.exec(name)?.[1];
    if (action !== undefined && actions.has(action)) {
      if (!instance.ownParams) continue;
      const instances = instance.actions.filter((a) => a.action === action).map((a) => a.label);
      return `${where} names "${name}", which is not an instance of ${action}; its instances are ${instances.join(', ')}`;
    }
    return `${where} names "${name}", which is neither an action nor an action instance; its actions are ${[...actions].join(', ')}`;
  }
  return undefined;
}
