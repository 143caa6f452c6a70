import type { Instance } from '../instance.js';
import { DomainError, messageOf } from '../errors.js';
import { deepFreeze, findMutator } from './purity.js';
import type { Successors } from './successors.js';
import { compileEffects, compileGuards, type Effect, type EnabledIn, type Guard, type RunEffect } from './dispatch.js';

/** Something found in a state that ends the search there. */
export type Finding =
  | { readonly kind: 'always' | 'atEnd'; readonly property: string; readonly explanation: string }
  | { readonly kind: 'deadlock'; readonly explanation: string }
  | { readonly kind: 'fault'; readonly message: string; readonly nextAction?: number };

/** What expanding a run of consecutive states gave. */
export interface Expansion {
  /** States fully expanded (their successors are in the buffer); a finding is in the next one. */
  readonly expanded: number;
  /** What ended the run early, found in state number `expanded` of the run. */
  readonly finding?: Finding;
  /**
   * The reachability checks first met in this run: the check's index among the instance's
   * reachability checks, and the state of the run that met it.
   */
  readonly reached: readonly { readonly property: number; readonly at: number }[];
  /** Some state whose successors were not generated (`fire` false) had an enabled action. */
  readonly cutOff: boolean;
}

/** How an expander checks and expands states. */
export interface ExpanderOptions {
  /** Report states with no enabled action that are not final. */
  readonly deadlock: boolean;
  /** Freeze states given to guards and properties; run effects twice. */
  readonly validate: boolean;
}

// Where the model's code was when it threw; turned into words only when it does.
const enum Phase {
  Invariant,
  Explanation,
  Reachability,
  Guard,
  FinalProperty,
  Final,
}

/**
 * Expands states: decodes each, checks the invariants and reachability checks, evaluates
 * every guard, checks final states, and fires every enabled action instance, encoding the
 * successors into a Successors buffer. It is the expensive part of a search and the same code
 * runs in the single-threaded search and in worker threads, so both find the same things in
 * the same order.
 */
export class Expander {
  private readonly enabledIn: EnabledIn;
  private readonly runEffect: RunEffect;
  private readonly enabled: Int32Array;
  private readonly scratch: Uint32Array;
  private readonly pending: boolean[];

  constructor(private readonly instance: Instance, private readonly options: ExpanderOptions) {
    const args = instance.actions.map((a) => a.arg);
    this.enabledIn = compileGuards(instance.actions.map((a) => a.spec.guard as Guard), args);
    this.runEffect = compileEffects(instance.actions.map((a) => a.spec.effect as Effect), args);
    this.enabled = new Int32Array(instance.actions.length);
    this.scratch = new Uint32Array(instance.codec.words);
    this.pending = instance.reachability.map(() => true);
  }

  /**
   * Expands `count` states stored one after another in `src` from word `base`, appending their
   * successors to `out`; with `fire` false it only checks them (states at the depth limit).
   * With `choose`, a state fires only the enabled instance that `choose(enabled, n)` picks, by
   * its position in `enabled[0 .. n)` (the enabled instances in order), or none for -1: a random
   * walk's step, or a step of a given path. Stops at the first state with a finding.
   */
  expand(
    src: Uint32Array,
    base: number,
    count: number,
    out: Successors,
    fire: boolean,
    choose?: (enabled: Int32Array, n: number) => number,
  ): Expansion {
    const { codec, invariants, reachability, finalProperties, system } = this.instance;
    const { enabledIn, enabled, scratch, pending } = this;
    const runEffect = this.runEffect;
    const words = codec.words;
    const validate = this.options.validate;
    const reached: { property: number; at: number }[] = [];
    let cutOff = false;
    for (let k = 0; k < count; k++) {
      const at = base + k * words;
      const state = codec.decode(src, at);
      const view = validate ? deepFreeze(codec.decode(src, at)) : state;
      let phase = Phase.Invariant;
      let which = 0;
      let n = 0;
      try {
        for (; which < invariants.length; which++) {
          if (!invariants[which].holds(view as never)) {
            phase = Phase.Explanation;
            const p = invariants[which];
            const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this state`;
            return { expanded: k, reached, cutOff, finding: { kind: 'always', property: p.name, explanation } };
          }
        }
        phase = Phase.Reachability;
        for (which = 0; which < reachability.length; which++) {
          if (pending[which] && reachability[which].holds(view as never)) {
            pending[which] = false;
            reached.push({ property: which, at: k });
          }
        }
        phase = Phase.Guard;
        n = enabledIn(view, enabled);
        if (n === 0) {
          phase = Phase.FinalProperty;
          for (which = 0; which < finalProperties.length; which++) {
            const p = finalProperties[which];
            if (!p.holds(view as never)) {
              phase = Phase.Explanation;
              const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this final state`;
              return { expanded: k, reached, cutOff, finding: { kind: 'atEnd', property: p.name, explanation } };
            }
          }
          phase = Phase.Final;
          if (this.options.deadlock && !(system.final?.(view as never) ?? false)) {
            phase = Phase.Explanation;
            const explanation = system.explainDeadlock?.(view as never) ?? 'no action is enabled, and the model does not call this state final';
            return { expanded: k, reached, cutOff, finding: { kind: 'deadlock', explanation } };
          }
        }
      } catch (error) {
        if (phase === Phase.Guard) which = this.throwingGuard(view);
        return { expanded: k, reached, cutOff, finding: { kind: 'fault', message: `${this.where(phase, which)} threw: ${messageOf(error)}` } };
      }
      // Guards and properties may only read: the state must encode as it was stored.
      codec.encode(state, scratch, 0);
      for (let w = 0; w < words; w++) {
        if (scratch[w] !== src[at + w]) {
          return { expanded: k, reached, cutOff, finding: { kind: 'fault', message: findMutator(this.instance, codec.decode(src, at)) } };
        }
      }
      if (!fire) {
        cutOff ||= n > 0;
        out.beginState();
        continue;
      }
      const header = out.beginState();
      const first = choose && n > 0 ? choose(enabled, n) : 0;
      const end = !choose ? n : n > 0 && first >= 0 ? first + 1 : 0;
      for (let i = first; i < end; i++) {
        const a = enabled[i];
        const next = codec.clone(state);
        const offset = out.addSuccessor(header, a);
        try {
          runEffect(a, next);
          codec.encode(next, out.data, offset);
          if (validate) this.checkDeterministic(a, src, at, out.data, offset);
        } catch (error) {
          const what = error instanceof DomainError ? `left the state's domain: ${error.message}` : `threw: ${messageOf(error)}`;
          const message = `the effect of ${this.instance.actions[a].label} ${what}`;
          // The state's record is incomplete: take it back, so the driver inserts none of it.
          out.length = header;
          return { expanded: k, reached, cutOff, finding: { kind: 'fault', message, nextAction: a } };
        }
      }
    }
    return { expanded: count, reached, cutOff };
  }

  /**
   * Which guard throws in `state`: guards only read, so running them again finds it (-1 if
   * none throws the second time).
   */
  private throwingGuard(state: unknown): number {
    const { actions } = this.instance;
    for (let i = 0; i < actions.length; i++) {
      try {
        actions[i].spec.guard?.(state as never, actions[i].arg);
      } catch {
        return i;
      }
    }
    return -1;
  }

  private where(phase: Phase, which: number): string {
    const { invariants, reachability, finalProperties, actions } = this.instance;
    switch (phase) {
      case Phase.Invariant:
        return `property "${invariants[which].name}"`;
      case Phase.Reachability:
        return `property "${reachability[which].name}"`;
      case Phase.FinalProperty:
        return `property "${finalProperties[which].name}"`;
      case Phase.Explanation:
        return 'the explanation of a violation';
      case Phase.Guard:
        return which < 0 ? 'a guard (one that did not throw again when re-run: guards must be deterministic)' : `the guard of ${actions[which].label}`;
      case Phase.Final:
        return 'the final-state predicate';
    }
  }

  private checkDeterministic(a: number, src: Uint32Array, at: number, first: Uint32Array, offset: number): void {
    const { codec } = this.instance;
    const again = codec.decode(src, at);
    this.runEffect(a, again);
    codec.encode(again, this.scratch, 0);
    for (let w = 0; w < codec.words; w++) {
      if (this.scratch[w] !== first[offset + w]) {
        throw new Error('it gave a different state when run twice on the same state: an effect must be deterministic');
      }
    }
  }
}
