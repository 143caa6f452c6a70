import type { Instance } from '../instance.js';
import type { Limit, Outcome, Statistics } from '../result.js';
import { StateStore } from '../store/state-store.js';
import { traceOf, type Trace } from '../trace/trace.js';
import { InterleaveError, DomainError } from '../errors.js';
import type { SearchOptions } from './options.js';
import { Expander, type Expansion, type Finding } from './expander.js';
import { Successors } from './successors.js';

/** What a search returns: the outcome and the statistics. */
export interface SearchResult {
  /** What was found. */
  readonly outcome: Outcome;
  /** What was measured. */
  readonly stats: Statistics;
}

/** States expanded per batch: small enough for frequent limit checks, large enough to amortise them. */
const BATCH = 1024;

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
  const expander = new Expander(instance, { deadlock: options.deadlock ?? true, validate: options.validate ?? false });
  const out = new Successors(instance.codec.words);
  return new BreadthFirstDriver(instance, options).run((store, first, count, fire) => {
    out.clear();
    const expansion = expander.expand(store.buffer, store.offsetOf(first), count, out, fire);
    return { expansion, successors: out };
  });
}

/** Expands `count` stored states from `first`; how depends on the driver's caller (inline or on workers). */
export type ExpandBatch = (
  store: StateStore,
  first: number,
  count: number,
  fire: boolean,
) => { expansion: Expansion; successors: Successors };

/**
 * The bookkeeping of a breadth-first search, separate from how states are expanded: it owns
 * the state store, walks it level by level in batches, inserts each batch's successors in
 * order, enforces the limits, and turns findings into outcomes with traces. Because batches
 * are inserted in state order, the result is the same however the expansion is done.
 */
export class BreadthFirstDriver {
  private readonly store: StateStore;
  private readonly started = performance.now();
  private transitions = 0;
  private depth = 0;

  constructor(private readonly instance: Instance, private readonly options: SearchOptions) {
    this.store = new StateStore(instance.codec.words);
  }

  /** Runs the search to its outcome, expanding batches with `expand`. */
  run(expand: ExpandBatch): SearchResult {
    const { store, instance, options } = this;
    const maxStates = options.maxStates ?? Infinity;
    const maxDepth = options.maxDepth ?? Infinity;
    const maxMemoryBytes = (options.maxMemoryMiB ?? Infinity) * 2 ** 20;
    const progressEveryMs = options.progressEveryMs ?? 2000;
    const unmet = new Set(instance.reachability.keys());
    let nextProgress = this.started + progressEveryMs;
    let cutOff = false;

    this.insertInitialStates();
    let levelEnd = store.count;
    for (let first = 0; first < store.count; ) {
      if (first === levelEnd) {
        this.depth++;
        levelEnd = store.count;
      }
      const now = performance.now();
      if (options.onProgress && now >= nextProgress) {
        nextProgress = now + progressEveryMs;
        const seconds = (now - this.started) / 1000;
        options.onProgress({ states: store.count, queued: store.count - first, depth: this.depth, transitions: this.transitions, seconds });
      }
      if (maxMemoryBytes < Infinity && process.memoryUsage.rss() > maxMemoryBytes) {
        return this.finish(incomplete('memory', `the process passed ${options.maxMemoryMiB} MiB with ${store.count - first} states still queued`));
      }
      const count = Math.min(BATCH, levelEnd - first);
      const { expansion, successors } = expand(store, first, count, this.depth < maxDepth);
      for (const r of expansion.reached) unmet.delete(r);
      cutOff ||= expansion.cutOff;
      const data = successors.data;
      const words = store.words;
      let at = 0;
      for (let k = 0; k < expansion.expanded; k++) {
        const parent = first + k;
        const n = data[at++];
        for (let i = 0; i < n; i++, at += 1 + words) {
          store.insertAt(data, at + 1, parent, data[at]);
          this.transitions++;
          if (store.count > maxStates) {
            return this.finish(incomplete('states', `more than ${maxStates} distinct states; ${store.count - parent - 1} states still queued`));
          }
        }
      }
      if (expansion.finding) return this.finish(this.outcomeOf(expansion.finding, first + expansion.expanded));
      first += count;
    }

    if (cutOff) return this.finish(incomplete('depth', `states at depth ${maxDepth} have successors that were not explored`));
    const [firstUnmet] = unmet;
    if (firstUnmet !== undefined) {
      const p = instance.reachability[firstUnmet];
      return this.finish({
        verdict: 'violates',
        property: p.name,
        kind: 'sometimes',
        explanation: `no reachable state satisfies "${p.name}": the search explored all of them`,
      });
    }
    return this.finish({ verdict: 'holds' });
  }

  private insertInitialStates(): void {
    const { codec, system } = this.instance;
    const scratch = new Uint32Array(codec.words);
    for (const init of system.init) {
      try {
        codec.encode(init, scratch, 0);
      } catch (error) {
        if (error instanceof DomainError) throw new InterleaveError(`the initial state leaves its domain: ${error.message}`);
        throw error;
      }
      this.store.insertAt(scratch, 0, -1, -1);
    }
  }

  private outcomeOf(finding: Finding, id: number): Outcome {
    const trace = this.traceTo(id);
    switch (finding.kind) {
      case 'always':
      case 'atEnd':
        return { verdict: 'violates', property: finding.property, kind: finding.kind, explanation: finding.explanation, trace };
      case 'deadlock':
        return { verdict: 'deadlocks', explanation: 'no action is enabled, and the model does not call this state final', trace };
      case 'fault': {
        const next = finding.nextAction === undefined ? '' : ` (taking ${this.instance.actions[finding.nextAction].label} next)`;
        return { verdict: 'error', explanation: `${finding.message}${next}`, trace };
      }
    }
  }

  /** The path from an initial state to state `id`, rebuilt from the parent links. */
  private traceTo(id: number): Trace {
    const { store } = this;
    const ids: number[] = [];
    for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
    ids.reverse();
    const states = ids.map((at) => this.instance.codec.decode(store.buffer, store.offsetOf(at)));
    return traceOf(this.instance, states, ids.slice(1).map((at) => store.actionOf(at)));
  }

  private finish(outcome: Outcome): SearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    return {
      outcome,
      stats: {
        states: this.store.count,
        transitions: this.transitions,
        depth: this.depth,
        seconds,
        statesPerSecond: seconds > 0 ? this.store.count / seconds : 0,
        storeBytes: this.store.bytes,
      },
    };
  }
}

function incomplete(limit: Limit, explanation: string): Outcome {
  return { verdict: 'incomplete', limit, explanation };
}
