import { getHeapStatistics } from 'node:v8';
import { encodeStored, type Instance } from '../instance.js';
import type { Limit, Outcome, Statistics } from '../result.js';
import { StateStore, hashWords } from '../store/state-store.js';
import { FingerprintStore, collisionProbability } from '../store/fingerprint-store.js';
import { pathTo } from '../trace/path.js';
import { fewestSwitchesTrace } from '../trace/fewest-switches.js';
import type { Trace } from '../trace/trace.js';
import { InterleaveError, DomainError, UsageError, isOutOfMemory } from '../errors.js';
import type { SearchOptions } from './options.js';
import { Expander, type Expansion, type Finding } from './expander.js';
import { Successors } from './successors.js';
import { EdgeRecorder } from '../liveness/edge-recorder.js';
import type { ExploredGraph } from '../liveness/explored-graph.js';
import type { StoredStates } from '../store/stored-states.js';
import { CoverageCounter, coverageOf, type Coverage } from './coverage.js';

/** What a search returns: the outcome and the statistics. */
export interface SearchResult {
  /** What was found. */
  readonly outcome: Outcome;
  /** What was measured. */
  readonly stats: Statistics;
  /** The whole state graph, when the instance has liveness properties and every property held. */
  readonly graph?: ExploredGraph;
  /** Each reachability check met, with the length of a shortest trace to a state that meets it. */
  readonly reached: readonly { readonly property: string; readonly steps: number }[];
  /** The shortest trace to a state meeting the check named by the `witness` option, if met. */
  readonly witness?: { readonly property: string; readonly trace: Trace };
  /** With the `witnessAll` option: a shortest trace to each reachability check met. */
  readonly witnesses?: readonly { readonly property: string; readonly trace: Trace }[];
  /** With the `fingerprint` option: how likely it is that two distinct states were merged. */
  readonly fingerprint?: { readonly collisionProbability: number };
  /** For each action instance, the expanded states that enabled it and the new states it made. */
  readonly coverage: Coverage;
}

/** A run of consecutive stored states of one level, expanded together. */
export interface Batch {
  /** The first state's index. */
  readonly first: number;
  /** How many states. */
  readonly count: number;
  /** Whether to generate successors (false at the depth limit). */
  readonly fire: boolean;
}

/**
 * What a single-threaded search has found, at the start of a level, for the search on several
 * threads to go on from (see `BreadthFirstDriver.handOver`).
 */
export interface SearchBooks {
  /** Every state found: those of the levels expanded, then those of the level to expand next. */
  readonly store: StoredStates;
  /** The index of the first state of each depth so far, the level to expand next included. */
  readonly levels: number[];
  /** Transitions fired. */
  readonly transitions: number;
  /** For each reachability check met, the first state (in breadth-first order) that met it. */
  readonly witnesses: Map<number, number>;
  /** The reachability checks not met yet. */
  readonly unmet: Set<number>;
  /** Some state at the depth limit had an enabled action. */
  readonly cutOff: boolean;
  /** What each action instance did. */
  readonly coverage: CoverageCounter;
}

/** States per batch: small enough for frequent limit checks, large enough to amortise them. */
export const BATCH = 1024;

/**
 * How often the heap is read, at most: milliseconds. A read costs about a microsecond, and on
 * a model whose levels hold a few states each (a batch per level) the search would spend a
 * tenth of its time reading it; the heap cannot fill its last tenth in this time.
 */
const HEAP_READ_EVERY = 5;
let heapReadAt = -Infinity;

/**
 * How close to its limit the JavaScript heap may come before the search stops as out of memory
 * (V8 aborts the whole process when the heap is full, so the search must stop before it is):
 * a tenth of the limit, and at least 64 MiB, more than the young generation's share of it.
 */
function heapNearlyFull(now: number): { used: number; limit: number } | undefined {
  if (now < heapReadAt + HEAP_READ_EVERY) return undefined;
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  if (limit - used < Math.max(64 * 2 ** 20, limit / 10)) return { used, limit };
  heapReadAt = now;
  return undefined;
}

/**
 * Exhaustive breadth-first search over the distinct states of an instance, on this thread.
 *
 * States are expanded in the order they were first reached, so depths never decrease and the
 * first violation found has a shortest trace. Each expanded state is checked against the
 * invariants (and, when no action is enabled, the final-state properties and deadlock
 * freedom); the search stops at the first violation. Reachability checks that no state met
 * fail at the end of an exhaustive search.
 */
export function breadthFirstSearch(instance: Instance, options: SearchOptions = {}): SearchResult {
  const driver = new BreadthFirstDriver(instance, options);
  const expander = driver.expander();
  const out = new Successors(instance.codec.words);
  for (;;) {
    const result = driver.expandNextHere(expander, out);
    if (result) return result;
  }
}

/**
 * The bookkeeping of the single-threaded breadth-first search: it owns the state store, hands
 * out batches level by level, inserts each batch's successors in state order, enforces the
 * limits, and turns findings into outcomes with traces. (The search on several threads,
 * search/shared/, keeps the same books with a table shared by all threads.)
 */
export class BreadthFirstDriver {
  private readonly store: StateStore;
  private readonly started = performance.now();
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly unmet: Set<number>;
  /** For each reachability check met, the first state (in breadth-first order) that met it. */
  private readonly witnesses = new Map<number, number>();
  private transitions = 0;
  /** The table slots read ahead of the inserts (kept only so that the reads happen). */
  private warmth = 0;
  private depth = 0;
  private levelEnd: number;
  /** The index of the first state of each depth so far. */
  private readonly levels = [0];
  private dispatched = 0;
  private ingested = 0;
  private cutOff = false;
  /** Set once every reachable state has been expanded. */
  private exhaustive = false;
  private readonly coverage: CoverageCounter;
  private nextProgress: number;
  /** Records every edge, for the liveness check; only when there are liveness properties. */
  private readonly edges: EdgeRecorder | undefined;

  constructor(private readonly instance: Instance, private readonly options: SearchOptions) {
    if (options.fingerprint && instance.liveness.length > 0) {
      const names = instance.liveness.map((p) => `"${p.name}"`).join(', ');
      throw new UsageError(
        `fingerprint mode cannot check liveness properties (${names}): their check needs every state kept. Leave --fingerprint out, or pick safety properties with --property.`,
      );
    }
    this.store = options.fingerprint ? new FingerprintStore(instance.codec.words) : new StateStore(instance.codec.words);
    this.edges = instance.liveness.length > 0 ? new EdgeRecorder() : undefined;
    this.maxStates = options.maxStates ?? Infinity;
    this.maxDepth = options.maxDepth ?? Infinity;
    this.unmet = new Set(instance.reachability.keys());
    this.coverage = new CoverageCounter(instance.actions.length);
    this.nextProgress = this.started + (options.progressEveryMs ?? 2000);
    this.insertInitialStates();
    this.levelEnd = this.store.count;
  }

  /** An expander configured as the options say. */
  expander(): Expander {
    return new Expander(this.instance, { deadlock: this.options.deadlock ?? true, validate: this.options.validate ?? false });
  }

  /**
   * Takes the next batch, expands it on this thread (reading the states straight from the
   * store) and ingests it; returns the search's result once it ends.
   */
  expandNextHere(expander: Expander, out: Successors): SearchResult | undefined {
    const batch = this.nextBatch();
    if (batch === 'done') return this.finish(this.conclude());
    let outcome: Outcome | undefined;
    try {
      outcome = this.ingest(batch, this.expandHere(batch, expander, out), out);
    } catch (error) {
      if (!isOutOfMemory(error)) throw error;
      outcome = this.outOfMemory(`the process ran out of memory (${error.message})`);
    }
    return outcome && this.finish(outcome);
  }

  /** Expands a batch on this thread, reading its states straight from the store, into `out` (emptied first). */
  expandHere(batch: Batch, expander: Expander, out: Successors): Expansion {
    out.clear();
    return expander.expand(this.store.segmentOf(batch.first), this.store.offsetOf(batch.first), batch.count, out, batch.fire);
  }

  /**
   * The next batch to expand, once the one before it has been ingested; 'done' when every
   * reachable state has been expanded.
   */
  nextBatch(): Batch | 'done' {
    if (this.dispatched === this.levelEnd) {
      if (this.store.count === this.levelEnd) return 'done';
      this.depth++;
      this.levels.push(this.levelEnd);
      this.levelEnd = this.store.count;
    }
    // A batch lies within one segment of the store, so it can be read as one array.
    const count = Math.min(BATCH, this.levelEnd - this.dispatched, this.store.runFrom(this.dispatched));
    const batch = { first: this.dispatched, count, fire: this.depth < this.maxDepth };
    this.dispatched += count;
    return batch;
  }

  /**
   * When the next batch starts a level (the initial states' level included), that level's
   * number of states; undefined in the middle of a level.
   */
  nextLevel(): number | undefined {
    if (this.dispatched === this.levelEnd) return this.store.count - this.levelEnd;
    return this.dispatched === 0 ? this.levelEnd : undefined;
  }

  /**
   * The search's books, when the next batch starts a level (see `nextLevel`), for another search
   * to go on from that level: this driver must not be used after.
   */
  handOver(): SearchBooks {
    const { store, transitions, witnesses, unmet, cutOff, coverage } = this;
    const levels = this.dispatched === 0 ? [0] : [...this.levels, this.levelEnd];
    return { store, levels, transitions, witnesses, unmet, cutOff, coverage };
  }

  /**
   * Inserts the successors of an expanded batch (batches must come in the order they were
   * handed out) and returns the outcome if the search ends here.
   */
  ingest(batch: Batch, expansion: Expansion, successors: Successors): Outcome | undefined {
    const { store, options } = this;
    const now = performance.now();
    if (options.onProgress && now >= this.nextProgress) {
      this.nextProgress = now + (options.progressEveryMs ?? 2000);
      const seconds = (now - this.started) / 1000;
      const levels = [...this.levels.slice(1), this.levelEnd, store.count].map((end, i, ends) => end - (i === 0 ? 0 : ends[i - 1]));
      options.onProgress({ states: store.count, queued: store.count - batch.first, depth: this.depth, transitions: this.transitions, seconds, levels });
    }
    const stop = this.stopNow(now, store.count - batch.first);
    if (stop) return stop;
    // Batches come in state order, so the first state reported for a check is its earliest.
    for (const r of expansion.reached) if (this.unmet.delete(r.property)) this.witnesses.set(r.property, batch.first + r.at);
    this.cutOff ||= expansion.cutOff;
    const data = successors.data;
    const words = store.words;
    let at = 0;
    for (let k = 0; k < expansion.expanded; k++) {
      for (let i = 0, n = data[at++]; i < n; i++, at += Successors.HEAD + words) this.warmth ^= store.warm(data[at + 1]);
    }
    at = 0;
    for (let k = 0; k < expansion.expanded; k++) {
      const parent = batch.first + k;
      const n = data[at++];
      for (let i = 0; i < n; i++) {
        const action = data[at];
        const id = store.insertAt(data, at + Successors.HEAD, parent, data[at + 1]);
        this.coverage.count(action, id >= 0);
        at += Successors.HEAD + words;
        this.edges?.add(parent, id >= 0 ? id : -1 - id, action);
        this.transitions++;
        if (store.count > this.maxStates) {
          return incomplete('states', `more than ${this.maxStates} distinct states; ${store.count - parent - 1} states still queued`);
        }
      }
    }
    this.ingested = batch.first + batch.count;
    if (expansion.finding) return this.outcomeOf(expansion.finding, batch.first + expansion.expanded);
    // Kept until now, a state with a finding is compared word for word when its trace is rebuilt.
    store.release(this.ingested);
    return undefined;
  }

  /**
   * The outcome when the search must stop before ingesting more (`queued` states are not
   * expanded yet): its signal was aborted, its time is up, or memory is short.
   */
  stopNow(now: number = performance.now(), queued: number = this.store.count - this.ingested): Outcome | undefined {
    return limitHit(this.options, now - this.started, queued);
  }

  /** The outcome when memory ran out mid-search (an allocation failed); `what` says where, as "the process ran out of memory (...)". */
  outOfMemory(what: string): Outcome {
    const queued = this.store.count - this.ingested;
    return incomplete('memory', `${what} with ${queued} states still queued`);
  }

  /** The outcome of a search that expanded every reachable state without a finding. */
  conclude(): Outcome {
    if (this.cutOff) return incomplete('depth', `states at depth ${this.maxDepth} have successors that were not explored`);
    this.exhaustive = true;
    const [firstUnmet] = this.unmet;
    if (firstUnmet === undefined) return { verdict: 'holds' };
    const p = this.instance.reachability[firstUnmet];
    return {
      verdict: 'violates',
      property: p.name,
      kind: 'sometimes',
      explanation: `no reachable state satisfies "${p.name}": the search explored all of them`,
    };
  }

  /** The search's result: the outcome with the statistics so far, the reachability witnesses, and the graph for the liveness check. */
  finish(outcome: Outcome): SearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    const { edges, store, instance } = this;
    const reached = [...this.witnesses].map(([p, id]) => ({ property: instance.reachability[p].name, steps: this.depthOf(id) }));
    const wanted = instance.reachability.findIndex((p) => p.name === this.options.witness);
    const witness = this.witnesses.get(wanted);
    const witnesses = this.options.witnessAll
      ? [...this.witnesses].map(([p, id]) => ({ property: instance.reachability[p].name, trace: pathTo(instance, store, id) }))
      : undefined;
    return {
      outcome,
      reached,
      ...(witness === undefined ? {} : { witness: { property: this.options.witness!, trace: pathTo(instance, store, witness) } }),
      ...(witnesses ? { witnesses } : {}),
      ...(edges && outcome.verdict === 'holds' ? { graph: { store, edges: edges.finish(store.count) } } : {}),
      ...(this.options.fingerprint ? { fingerprint: { collisionProbability: collisionProbability(store.count, this.transitions) } } : {}),
      coverage: coverageOf(instance, this.coverage, this.exhaustive),
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

  /** The number of steps from an initial state to stored state `id`. */
  private depthOf(id: number): number {
    let steps = 0;
    for (let at = this.store.parentOf(id); at >= 0; at = this.store.parentOf(at)) steps++;
    return steps;
  }

  private insertInitialStates(): void {
    const { codec, system } = this.instance;
    const scratch = new Uint32Array(codec.words);
    for (const init of system.init) {
      try {
        encodeStored(this.instance, init, scratch, 0);
      } catch (error) {
        if (error instanceof DomainError) throw new InterleaveError(`the initial state leaves its domain: ${error.message}`);
        throw error;
      }
      this.store.insertAt(scratch, 0, -1, hashWords(scratch, 0, codec.words));
    }
  }

  private outcomeOf(finding: Finding, id: number): Outcome {
    const { instance, store, levels } = this;
    return outcomeOfFinding(instance, finding, fewestSwitchesTrace(instance, store, id, levels) ?? pathTo(instance, store, id));
  }
}

/**
 * The outcome when a search that has run `elapsedMs` must stop before going on (`queued` states
 * are not expanded yet): its signal was aborted, its time is up, or memory is short.
 */
export function limitHit(options: SearchOptions, elapsedMs: number, queued: number): Outcome | undefined {
  if (options.signal?.aborted) {
    const by = typeof options.signal.reason === 'string' ? ` ${options.signal.reason}` : '';
    return incomplete('interrupted', `interrupted${by}, with ${queued} states still queued`);
  }
  if (elapsedMs > (options.maxSeconds ?? Infinity) * 1000) {
    return incomplete('time', `the search passed ${options.maxSeconds} s with ${queued} states still queued`);
  }
  if (options.maxMemoryMiB !== undefined && process.memoryUsage.rss() > options.maxMemoryMiB * 2 ** 20) {
    return incomplete('memory', `the process passed ${options.maxMemoryMiB} MiB with ${queued} states still queued`);
  }
  const heap = heapNearlyFull(performance.now());
  if (heap) {
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    return incomplete('memory', `the JavaScript heap is nearly full (${mib(heap.used)} of ${mib(heap.limit)} MiB) with ${queued} states still queued`);
  }
  return undefined;
}

/** The outcome of a search that found `finding` at the end of `trace`. */
export function outcomeOfFinding(instance: Instance, finding: Finding, trace: Trace): Outcome {
  switch (finding.kind) {
    case 'always':
    case 'atEnd':
      return { verdict: 'violates', property: finding.property, kind: finding.kind, explanation: explainAgain(instance, finding, trace), trace };
    case 'deadlock':
      return { verdict: 'deadlocks', explanation: explainAgain(instance, finding, trace), trace };
    case 'fault': {
      const next = finding.nextAction === undefined ? '' : ` (taking ${instance.actions[finding.nextAction].label} next)`;
      return { verdict: 'error', explanation: `${finding.message}${next}`, trace };
    }
  }
}

/**
 * A finding's explanation, said of the trace's real last state: under symmetry reduction the
 * search found it in the orbit's representative, whose ids may differ.
 */
function explainAgain(instance: Instance, finding: Finding & { kind: 'always' | 'atEnd' | 'deadlock' }, trace: Trace): string {
  if (!instance.symmetry) return finding.explanation;
  const last = (trace.steps.at(-1)?.state ?? trace.initial) as never;
  const property = finding.kind === 'deadlock' ? undefined : [...instance.invariants, ...instance.finalProperties].find((p) => p.name === finding.property);
  try {
    return (finding.kind === 'deadlock' ? instance.system.explainDeadlock?.(last) : property?.explain?.(last)) ?? finding.explanation;
  } catch {
    return finding.explanation; // it did not throw on the representative; keep what it said there
  }
}

/** The outcome of a search that stopped at `limit` before exploring every state. */
export function incomplete(limit: Limit, explanation: string): Outcome {
  return { verdict: 'incomplete', limit, explanation };
}
