import type { Instance, NamedProperty } from '../instance.js';
import type { Limit, Outcome, Statistics } from '../result.js';
import { StateStore } from '../store/state-store.js';
import { traceOf, type Trace } from '../trace/trace.js';
import { DomainError, InterleaveError, messageOf } from '../errors.js';
import type { SearchOptions } from './options.js';
import { deepFreeze, findMutator } from './purity.js';

/** What a search returns: the outcome and the statistics. */
export interface SearchResult {
  /** What was found. */
  readonly outcome: Outcome;
  /** What was measured. */
  readonly stats: Statistics;
}

/** Thrown inside the search loop when the model's own code fails; carries the state to trace to. */
class ModelFault {
  constructor(readonly stateId: number, readonly message: string, readonly nextAction?: number) {}
}

/**
 * Exhaustive breadth-first search over the distinct states of an instance.
 *
 * States are expanded in the order they were first reached, so depths never decrease and the
 * first violation found has a shortest trace. Each expanded state is checked against the
 * invariants (and, when no action is enabled, the final-state properties and deadlock
 * freedom); the search stops at the first violation. Reachability checks that no state met
 * fail at the end of an exhaustive search.
 */
export function breadthFirstSearch(instance: Instance, options: SearchOptions = {}): SearchResult {
  const { codec, actions, invariants, finalProperties, system } = instance;
  const checkDeadlock = options.deadlock ?? true;
  const validate = options.validate ?? false;
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const maxMemoryBytes = (options.maxMemoryMiB ?? Infinity) * 2 ** 20;
  const progressEveryMs = options.progressEveryMs ?? 2000;

  const store = new StateStore(codec.words);
  const scratch = new Uint32Array(codec.words);
  const guards = actions.map((a) => a.spec.guard);
  const effects = actions.map((a) => a.spec.effect);
  const args = actions.map((a) => a.arg);
  const pending: NamedProperty[] = [...instance.reachability];
  const enabled: number[] = [];
  const started = performance.now();
  let transitions = 0;
  let depth = 0;
  let truncated = false;

  const encode = (state: unknown): void => {
    scratch.fill(0);
    codec.encode(state, scratch);
  };
  const stats = (): Statistics => {
    const seconds = (performance.now() - started) / 1000;
    return {
      states: store.count,
      transitions,
      depth,
      seconds,
      statesPerSecond: seconds > 0 ? store.count / seconds : 0,
      storeBytes: store.bytes,
    };
  };
  const trace = (id: number): Trace => {
    const ids: number[] = [];
    for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
    ids.reverse();
    const states = ids.map((at) => codec.decode(store.buffer, store.offsetOf(at)));
    const via = ids.slice(1).map((at) => store.actionOf(at));
    return traceOf(instance, states, via);
  };
  const finish = (outcome: Outcome): SearchResult => ({ outcome, stats: stats() });

  try {
    for (const init of system.init) {
      try {
        encode(init);
      } catch (error) {
        if (error instanceof DomainError) throw new InterleaveError(`the initial state leaves its domain: ${error.message}`);
        throw error;
      }
      store.insert(scratch, -1, -1);
    }

    let levelEnd = store.count;
    let nextProgress = started + progressEveryMs;
    for (let id = 0; id < store.count; id++) {
      if (id === levelEnd) {
        depth++;
        levelEnd = store.count;
      }
      if ((id & 1023) === 0) {
        const now = performance.now();
        if (options.onProgress && now >= nextProgress) {
          nextProgress = now + progressEveryMs;
          options.onProgress({ states: store.count, queued: store.count - id, depth, transitions, seconds: (now - started) / 1000 });
        }
        if (maxMemoryBytes < Infinity && process.memoryUsage.rss() > maxMemoryBytes) {
          return finish(incomplete('memory', `the process passed ${options.maxMemoryMiB} MiB with ${store.count - id} states still queued`));
        }
      }

      const base = store.offsetOf(id);
      const state = codec.decode(store.buffer, base);
      const view = validate ? deepFreeze(codec.decode(store.buffer, base)) : state;
      let phase = '';
      try {
        for (const p of invariants) {
          phase = `property "${p.name}"`;
          if (!p.holds(view as never)) {
            phase = `the explanation of property "${p.name}"`;
            const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this state`;
            return finish({ verdict: 'violates', property: p.name, kind: 'always', explanation, trace: trace(id) });
          }
        }
        for (let k = pending.length - 1; k >= 0; k--) {
          phase = `property "${pending[k].name}"`;
          if (pending[k].holds(view as never)) pending.splice(k, 1);
        }
        enabled.length = 0;
        for (let a = 0; a < guards.length; a++) {
          const guard = guards[a];
          phase = `the guard of ${actions[a].label}`;
          if (guard === undefined || guard(view as never, args[a])) enabled.push(a);
        }
        if (enabled.length === 0) {
          for (const p of finalProperties) {
            phase = `property "${p.name}"`;
            if (!p.holds(view as never)) {
              phase = `the explanation of property "${p.name}"`;
              const explanation = p.explain ? p.explain(view as never) : `property "${p.name}" is false in this final state`;
              return finish({ verdict: 'violates', property: p.name, kind: 'atEnd', explanation, trace: trace(id) });
            }
          }
          phase = 'the final-state predicate';
          if (checkDeadlock && !(system.final?.(view as never) ?? false)) {
            return finish({
              verdict: 'deadlocks',
              explanation: 'no action is enabled, and the model does not call this state final',
              trace: trace(id),
            });
          }
        }
      } catch (error) {
        throw new ModelFault(id, `${phase} threw: ${messageOf(error)}`);
      }
      encode(state);
      for (let w = 0; w < codec.words; w++) {
        if (scratch[w] !== store.buffer[base + w]) throw new ModelFault(id, findMutator(instance, codec.decode(store.buffer, base)));
      }
      if (depth >= maxDepth) {
        if (enabled.length > 0) truncated = true;
        continue;
      }
      for (const a of enabled) {
        const next = codec.decode(store.buffer, base);
        try {
          effects[a](next, args[a]);
          encode(next);
          if (validate) checkDeterministic(instance, a, store.buffer, base, scratch);
        } catch (error) {
          const what = error instanceof DomainError ? `left the state's domain: ${error.message}` : `threw: ${messageOf(error)}`;
          throw new ModelFault(id, `the effect of ${actions[a].label} ${what}`, a);
        }
        store.insert(scratch, id, a);
        transitions++;
        if (store.count > maxStates) {
          return finish(incomplete('states', `more than ${maxStates} distinct states; ${store.count - id - 1} states still queued`));
        }
      }
    }
  } catch (error) {
    if (error instanceof ModelFault) {
      const at = error.nextAction === undefined ? '' : ` (taking ${actions[error.nextAction].label} next)`;
      return finish({ verdict: 'error', explanation: `${error.message}${at}`, trace: trace(error.stateId) });
    }
    throw error;
  }

  if (truncated) {
    return finish(incomplete('depth', `states at depth ${maxDepth} have successors that were not explored`));
  }
  if (pending.length > 0) {
    const p = pending[0];
    return finish({
      verdict: 'violates',
      property: p.name,
      kind: 'sometimes',
      explanation: `no reachable state satisfies "${p.name}": the search explored all of them`,
    });
  }
  return finish({ verdict: 'holds' });

  function incomplete(limit: Limit, explanation: string): Outcome {
    return { verdict: 'incomplete', limit, explanation };
  }

  function checkDeterministic(inst: Instance, a: number, buf: Uint32Array, base: number, first: Uint32Array): void {
    const again = codec.decode(buf, base);
    inst.actions[a].spec.effect(again, args[a]);
    const twice = new Uint32Array(codec.words);
    codec.encode(again, twice);
    if (!twice.every((w, i) => w === first[i])) {
      throw new Error('it gave a different state when run twice on the same state: an effect must be deterministic');
    }
  }
}
