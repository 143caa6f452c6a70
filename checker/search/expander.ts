import { encodeStored, type Instance } from '../instance.js';
import { DomainError, messageOf } from '../errors.js';
import { hashWords } from '../store/state-store.js';
import { Misbehaviour, checkEffectResult, deepFreeze, findMutator, truthOf, withoutChance } from './purity.js';
import type { Successors } from './successors.js';
import { EffectMemo } from './effect-memo/effect-memo.js';
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
  /** Freeze states given to guards and properties; evaluate every guard and effect twice. */
  readonly validate: boolean;
}

/**
 * Without `validate`, the guards and effects of about one state in this many are evaluated
 * twice (the sample depends on the state's words only, so it is the same however many threads
 * search): a model whose code is not deterministic is caught at a cost of about 1 %.
 */
const AUDIT_ONE_IN = 128;

/** Whether the state at `src[at]` is in the audit sample: a multiplicative hash of its first and last words. */
function inAuditSample(src: Uint32Array, at: number, words: number): boolean {
  return Math.imul(src[at] ^ Math.imul(src[at + words - 1], 0x85ebca6b), 0x9e3779b1) >>> 0 < 0x100000000 / AUDIT_ONE_IN;
}

// Where the model's code was when it threw; turned into words only when it does.
const enum Phase {
  Invariant,
  Explanation,
  Reachability,
  Guard,
  FinalProperty,
  Final,
  GuardAudit,
}

/** What model code did wrong, as a phrase after its name: "threw: ..." or the misbehaviour. */
function culprit(error: unknown): string {
  return error instanceof Misbehaviour ? error.message : `threw: ${messageOf(error)}`;
}

/**
 * Expands states: decodes each, checks the invariants and reachability checks, evaluates
 * every guard, checks final states, and fires every enabled action instance, writing the
 * successors (with their table hashes) into a Successors buffer. A successor is made by the
 * effect memo (effect-memo/effect-memo.ts) from its parent's words when the effect's
 * transition from equal read fields is known, else by running the effect on a clone of the
 * decoded state, encoded after. The determinism audit re-runs effects on decoded copies and
 * compares. It is the expensive part of a search and the same code runs in the
 * single-threaded search and in worker threads, so both find the same things in the same order.
 */
export class Expander {
  private readonly enabledIn: EnabledIn;
  private readonly runEffect: RunEffect;
  private readonly enabled: Int32Array;
  /** The guards' second answer, in an audited state. */
  private readonly enabledAgain: Int32Array;
  private readonly scratch: Uint32Array;
  private readonly pending: boolean[];
  /** Makes the successors of a search without symmetry or `validate` from what the effects did before. */
  private readonly memo: EffectMemo | undefined;

  constructor(private readonly instance: Instance, private readonly options: ExpanderOptions) {
    const args = instance.actions.map((a) => a.arg);
    this.enabledIn = compileGuards(instance.actions.map((a) => a.spec.guard as Guard), args);
    this.runEffect = compileEffects(instance.actions.map((a) => a.spec.effect as Effect), args);
    this.enabled = new Int32Array(instance.actions.length);
    this.enabledAgain = new Int32Array(instance.actions.length);
    this.scratch = new Uint32Array(instance.codec.words);
    this.pending = instance.reachability.map(() => true);
    const remembers = !options.validate && !instance.symmetry;
    this.memo = remembers ? new EffectMemo(instance.codec, instance.actions.length, this.runEffect) : undefined;
  }

  /**
   * Expands `count` states stored one after another in `src` from word `base`, appending their
   * successors to `out`; with `fire` false it only checks them (states at the depth limit).
   * With `choose`, a state fires only the enabled instance that `choose(enabled, n)` picks, by
   * its position in `enabled[0 .. n)` (the enabled instances in order), or none for -1: a random
   * walk's step, or a step of a given path. Stops at the first state with a finding. Model code
   * runs with the sources of chance (Math.random, the clocks) disabled.
   */
  expand(
    src: Uint32Array,
    base: number,
    count: number,
    out: Successors,
    fire: boolean,
    choose?: (enabled: Int32Array, n: number) => number,
  ): Expansion {
    return withoutChance(() => this.expandRun(src, base, count, out, fire, choose));
  }

  private expandRun(
    src: Uint32Array,
    base: number,
    count: number,
    out: Successors,
    fire: boolean,
    choose: ((enabled: Int32Array, n: number) => number) | undefined,
  ): Expansion {
    const { codec, invariants, reachability, finalProperties, system } = this.instance;
    const { enabledIn, enabled, pending, memo } = this;
    const runEffect = this.runEffect;
    const words = codec.words;
    const validate = this.options.validate;
    const reached: { property: number; at: number }[] = [];
    let cutOff = false;
    for (let k = 0; k < count; k++) {
      const at = base + k * words;
      const state = codec.decode(src, at);
      const view = validate ? deepFreeze(codec.decode(src, at)) : state;
      const audit = validate || inAuditSample(src, at, words);
      let phase = Phase.Invariant;
      let which = 0;
      let n = 0;
      try {
        for (; which < invariants.length; which++) {
          const r = invariants[which].holds(view as never);
          if (r !== true && !truthOf(r)) {
            phase = Phase.Explanation;
            const p = invariants[which];
            const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this state`;
            return { expanded: k, reached, cutOff, finding: { kind: 'always', property: p.name, explanation } };
          }
        }
        phase = Phase.Reachability;
        for (which = 0; which < reachability.length; which++) {
          if (pending[which] && truthOf(reachability[which].holds(view as never))) {
            pending[which] = false;
            reached.push({ property: which, at: k });
          }
        }
        phase = Phase.Guard;
        n = enabledIn(view, enabled);
        if (audit) {
          phase = Phase.GuardAudit;
          this.auditGuards(src, at, n);
        }
        if (n === 0) {
          phase = Phase.FinalProperty;
          for (which = 0; which < finalProperties.length; which++) {
            const p = finalProperties[which];
            if (!truthOf(p.holds(view as never))) {
              phase = Phase.Explanation;
              const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this final state`;
              return { expanded: k, reached, cutOff, finding: { kind: 'atEnd', property: p.name, explanation } };
            }
          }
          phase = Phase.Final;
          if (this.options.deadlock && !truthOf(system.final?.(view as never) ?? false)) {
            phase = Phase.Explanation;
            const explanation = system.explainDeadlock?.(view as never) ?? 'no action is enabled, and the model does not call this state final';
            return { expanded: k, reached, cutOff, finding: { kind: 'deadlock', explanation } };
          }
        }
      } catch (error) {
        if (phase === Phase.Guard) which = error instanceof Misbehaviour && error.action !== undefined ? error.action : this.throwingGuard(view);
        return { expanded: k, reached, cutOff, finding: { kind: 'fault', message: `${this.where(phase, which)} ${culprit(error)}` } };
      }
      // Guards and properties may only read: the state must encode as it was stored.
      if (!this.encodesAs(state, src, at)) {
        return { expanded: k, reached, cutOff, finding: { kind: 'fault', message: findMutator(this.instance, codec.decode(src, at)) } };
      }
      if (!fire) {
        cutOff ||= n > 0;
        out.beginState();
        continue;
      }
      const header = out.beginState();
      // With `choose`, only the instance it picks fires, or none when it picks -1.
      const pick = choose && n > 0 ? choose(enabled, n) : 0;
      const first = pick < 0 ? n : pick;
      const end = !choose ? n : pick < 0 || n === 0 ? first : first + 1;
      for (let i = first; i < end; i++) {
        const a = enabled[i];
        const offset = out.addSuccessor(header, a);
        const data = out.data;
        try {
          if (memo) {
            memo.successor(a, state, src, at, data, offset);
          } else {
            const next = codec.clone(state);
            checkEffectResult(runEffect(a, next));
            encodeStored(this.instance, next, data, offset);
          }
          out.setHash(offset, hashWords(data, offset, words));
          if (audit) this.checkDeterministic(a, src, at, data, offset);
        } catch (error) {
          const what = error instanceof DomainError ? `left the state's domain: ${error.message}` : culprit(error);
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
      case Phase.GuardAudit:
        return 'the guards';
    }
  }

  /**
   * Evaluates the guards again on a fresh copy of the state at `src[at]` and throws a
   * Misbehaviour when they enable other instances than the `n` of the first evaluation.
   */
  private auditGuards(src: Uint32Array, at: number, n: number): void {
    const { enabled, enabledAgain } = this;
    const again = this.enabledIn(this.instance.codec.decode(src, at), enabledAgain);
    let differs = again !== n;
    for (let i = 0; i < n && !differs; i++) differs = enabled[i] !== enabledAgain[i];
    if (!differs) return;
    const label = (list: Int32Array, count: number): string =>
      Array.from(list.subarray(0, count), (a) => this.instance.actions[a].label).join(', ') || 'none';
    throw new Misbehaviour(
      `gave different answers when evaluated twice on the same state (enabled first: ${label(enabled, n)}; then: ${label(enabledAgain, again)}): ` +
        'a guard must depend on the state and its argument only, and change nothing',
    );
  }

  /**
   * Runs the effect of `a` again on a decoded copy of the state at `src[at]` and throws a
   * Misbehaviour when it gives another successor than the one at `first[offset]`.
   */
  private checkDeterministic(a: number, src: Uint32Array, at: number, first: Uint32Array, offset: number): void {
    const { codec } = this.instance;
    const again = codec.decode(src, at);
    checkEffectResult(this.runEffect(a, again));
    encodeStored(this.instance, again, this.scratch, 0);
    for (let w = 0; w < codec.words; w++) {
      if (this.scratch[w] !== first[offset + w]) {
        const rule = 'an effect must depend on the state and its argument only';
        throw new Misbehaviour(`gave a different state when run twice on the same state: ${rule}`);
      }
    }
  }

  /** Whether the decoded `state` still encodes as the words at `src[at]`. */
  private encodesAs(state: unknown, src: Uint32Array, at: number): boolean {
    const { codec } = this.instance;
    codec.encode(state, this.scratch, 0);
    for (let w = 0; w < codec.words; w++) if (this.scratch[w] !== src[at + w]) return false;
    return true;
  }
}
