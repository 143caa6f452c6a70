/// <reference lib="es2024.sharedmemory" />
import type { Instance } from '../../instance.js';
import { isOutOfMemory } from '../../errors.js';
import type { Outcome } from '../../result.js';
import { SharedTable, Control } from '../../store/shared-table.js';
import { pathTo } from '../../trace/path.js';
import { fewestSwitchesTrace } from '../../trace/fewest-switches.js';
import { CoverageCounter, coverageOf } from '../coverage.js';
import { BATCH, BreadthFirstDriver, incomplete, limitHit, outcomeOfFinding, type SearchBooks, type SearchResult } from '../bfs.js';
import { searchUntil } from '../yielding-bfs.js';
import { Expander } from '../expander.js';
import type { SearchOptions } from '../options.js';
import { Successors } from '../successors.js';
import { signatureOf } from '../parallel/signature.js';
import { Crew, WorkerFailure } from './crew.js';
import { LevelRunner, noWork, type Level, type LevelWork, type Numbered } from './level-runner.js';
import type { WorkerSetup } from './protocol.js';
import type { ThreadStats } from './thread-stats.js';
import { threadCpuMs } from './thread-cpu.js';

/** Levels smaller than this are expanded on the main thread alone by default: a round with the workers would cost more. */
export const PARALLEL_LEVEL = 8 * BATCH;

/**
 * The workers start at the first level of `parallelLevel / CREW_LEAD` states: in a search whose
 * levels grow, a few levels before they are needed, so that they have built their instances
 * meanwhile; in a search whose levels stay narrow (a long chain of small levels), never.
 */
const CREW_LEAD = 8;

/** When the levels go to the workers. Tests set both to have the workers take every level. */
export interface Sharing {
  /** Levels smaller than this are expanded on the main thread alone (default `PARALLEL_LEVEL`). */
  readonly parallelLevel?: number;
  /**
   * At the first level of `parallelLevel` states, wait for the workers to have built their
   * instances, rather than go on on the main thread alone until they have (default false).
   */
  readonly waitForWorkers?: boolean;
}

/** How long the main thread expands without letting the event loop in (signals, timers): milliseconds. */
const PAUSE_EVERY = 50;

/** How often the main thread looks at the limits and reports progress while the workers expand a level: milliseconds. */
const TICK = 20;

/** Keys `rank * actions + action` must fit in 31 bits (signed words); a larger level is expanded on the main thread alone. */
const MAX_KEY = 0x7fffffff;

/** A search's result, with how its threads were used. */
export interface SharedSearchResult extends SearchResult {
  readonly threads: ThreadStats;
}

/**
 * Breadth-first search on `threads` threads with one state table that every thread inserts
 * into (see `SharedTable`). It begins as the single-threaded search (`BreadthFirstDriver`) on
 * the main thread. At the first level of `sharing.parallelLevel / CREW_LEAD` states the worker
 * threads start, each building its own instance, which must be the main thread's; at the first
 * level of `parallelLevel` states after they all have (or at the first such level with
 * `waitForWorkers`), the states found so far move into the shared table once, and from there
 * on, level by level, the `threads` workers take chunks of the level, expand them and insert
 * the successors themselves; when the level is done, the main thread numbers its new states in
 * the order the single-threaded search discovers them. So the counts, the verdict and the
 * trace are exactly those of the single-threaded search, whatever the number of threads. Later
 * levels smaller than `parallelLevel` (and the rare level too large for 32-bit keys) are
 * expanded on the main thread alone, in order. A search whose levels stay small never starts
 * the workers. The event loop gets in every few milliseconds, so an abort of `options.signal`
 * (Ctrl-C) stops the search soon after. A worker that fails ends the search at the next level
 * the workers would take, with a model error saying how, or as incomplete when it ran out of
 * memory.
 */
export async function sharedBreadthFirstSearch(
  instance: Instance,
  options: SearchOptions,
  threads: number,
  setup: WorkerSetup,
  sharing: Sharing = {},
): Promise<SharedSearchResult> {
  const search = new SharedSearch(instance, options, threads, setup, sharing);
  try {
    return await search.run();
  } finally {
    await search.close();
  }
}

/** Where the search is, and what it has found, between levels. */
class SharedSearch {
  private readonly table: SharedTable;
  private readonly expander: Expander;
  private readonly parallelLevel: number;
  private readonly runner: LevelRunner;
  private readonly fanoutBuffer = new SharedArrayBuffer(4 << 10, { maxByteLength: 2 ** 32 });
  private crew: Crew | undefined;
  private readonly started = performance.now();
  private nextProgress: number;
  // The books: the single-threaded search's, once it hands over (see goOnFrom), then kept here.
  private unmet = new Set<number>();
  /** For each reachability check met, the first state (in breadth-first order) that met it. */
  private witnesses = new Map<number, number>();
  /** The index of the first state of each depth so far. */
  private levels = [0];
  private transitions = 0;
  private cutOff = false;
  /** What each action instance did, counted as the single-threaded search counts it. */
  private coverage: CoverageCounter;
  /** Whether every reachable state was expanded. */
  private exhaustive = false;
  private readonly busyMs: number[];
  private readonly cpuMs: number[];
  /** The main thread's CPU time at the start, and what it used during the workers' levels. */
  private readonly mainCpuAtStart = threadCpuMs();
  private mainCpuInParallelMs = 0;
  private parallelMs = 0;
  private parallelLevels = 0;
  private levelEndMs = 0;
  private startMs = 0;
  /** The limit hit while a level was being expanded, which stopped every thread. */
  private stop: Outcome | undefined;

  constructor(
    private readonly instance: Instance,
    private readonly options: SearchOptions,
    private readonly threads: number,
    private readonly setup: WorkerSetup,
    private readonly sharing: Sharing,
  ) {
    this.parallelLevel = sharing.parallelLevel ?? PARALLEL_LEVEL;
    this.table = new SharedTable(instance.codec.words);
    this.expander = new Expander(instance, { deadlock: options.deadlock ?? true, validate: options.validate ?? false });
    this.runner = new LevelRunner(this.table, this.expander, (states) => this.table.growFor(this.table.occupied + states));
    this.runner.useFanout(this.fanoutBuffer);
    this.coverage = new CoverageCounter(instance.actions.length);
    this.nextProgress = this.started + (options.progressEveryMs ?? 2000);
    this.busyMs = Array.from({ length: threads }, () => 0);
    this.cpuMs = Array.from({ length: threads }, () => 0);
  }

  async run(): Promise<SharedSearchResult> {
    const { table } = this;
    let work: LevelWork[] = [];
    try {
      const alone = await this.searchAlone();
      if (alone) return { ...alone, threads: this.threadStats(alone.stats.seconds, alone.stats.depth + 1) };
      const levels = this.levels;
      let lastNew = table.count - levels.at(-1)!;
      for (;;) {
        const start = levels.at(-1)!;
        const end = table.count;
        const stop = limitHit(this.options, performance.now() - this.started, end - start);
        if (stop) return this.finish(stop);
        const depth = levels.length - 1;
        const actions = Math.max(1, this.instance.actions.length);
        const wide = (end - start) * actions > MAX_KEY;
        const keyScale = wide ? 1 : actions;
        const level: Level = { start, end, fire: depth < (this.options.maxDepth ?? Infinity), keyScale };
        table.beginLevel((this.options.maxStates ?? Infinity) - end, 2 * lastNew);
        if (this.fanoutBuffer.byteLength < (end - start) * 4) this.fanoutBuffer.grow(Math.max((end - start) * 4, Math.min(2 ** 32, this.fanoutBuffer.byteLength * 2)));
        const inParallel = this.threads > 1 && end - start >= this.parallelLevel && !wide;
        work = inParallel ? await this.expandInParallel(level) : await this.expandHere(level);
        if (Atomics.load(table.control, Control.Stop) !== 0) return this.finish(this.stopped(level, work));
        const outcome = await this.endLevel(level, work, inParallel);
        if (outcome) return this.finish(outcome);
        lastNew = table.count - end;
        if (lastNew === 0) return this.finish(this.conclude());
        levels.push(end);
      }
    } catch (error) {
      if (error instanceof WorkerFailure) return this.finish(error.outOfMemory ? this.outOfMemory(error.message, work) : { verdict: 'error', explanation: error.message });
      if (isOutOfMemory(error)) return this.finish(this.outOfMemory(`the process ran out of memory (${error.message})`, work));
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.crew?.close();
  }

  /**
   * The single-threaded search on this thread, until it ends (returns its result) or hands over
   * before a level that the workers take (returns undefined: its books and states are then this
   * search's, and its store is let go).
   */
  private async searchAlone(): Promise<SearchResult | undefined> {
    const driver = new BreadthFirstDriver(this.instance, this.options);
    const result = await searchUntil(driver, this.expander, new Successors(this.table.words), (states) => this.handsOverAt(states));
    if (!result) this.goOnFrom(driver.handOver());
    return result;
  }

  /**
   * Whether the single-threaded search hands over to this one before a level of `states`
   * states: one that the workers take, once they have built their instances (or one of them
   * failed: the search then ends saying so). Starts the workers at the first level of
   * `parallelLevel / CREW_LEAD` states.
   */
  private handsOverAt(states: number): boolean {
    if (this.threads === 1) return false;
    if (states >= this.parallelLevel / CREW_LEAD) this.crew ??= new Crew(this.threads, this.setup, signatureOf(this.instance), this.table, this.fanoutBuffer);
    return states >= this.parallelLevel && (this.crew!.settled || this.sharing.waitForWorkers === true);
  }

  /** Takes over the single-threaded search's books and states, to go on from the level it stopped before. */
  private goOnFrom(books: SearchBooks): void {
    this.levels = books.levels;
    this.transitions = books.transitions;
    this.witnesses = books.witnesses;
    this.unmet = books.unmet;
    this.cutOff = books.cutOff;
    this.coverage = books.coverage;
    this.table.adopt(books.store);
  }

  /** Expands a level on this thread alone, chunk after chunk in order, letting the event loop in every few milliseconds. */
  private async expandHere(level: Level): Promise<LevelWork[]> {
    const work = noWork(this.instance.actions.length);
    while (this.runner.run(level, work, performance.now() + PAUSE_EVERY)) {
      await new Promise(setImmediate);
      this.tick(level, [work]);
    }
    return [work];
  }

  /** Has the workers expand a level together, looking at the limits every few milliseconds meanwhile. */
  private async expandInParallel(level: Level): Promise<LevelWork[]> {
    if (!this.crew!.isReady) {
      const began = performance.now();
      const aborted = new Promise<void>((resolve) => {
        if (this.options.signal?.aborted) resolve();
        this.options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.race([this.crew!.started(), aborted]);
      this.startMs = performance.now() - began;
      if (this.options.signal?.aborted) {
        this.tick(level, []);
        return [];
      }
    }
    this.parallelLevels++;
    return this.onCrew(level, { level });
  }

  /** Has the workers run `job`, looking at the limits every few milliseconds meanwhile, and counts their time. */
  private async onCrew(level: Level, job: { readonly level: Level } | { readonly store: Numbered }): Promise<LevelWork[]> {
    const began = performance.now();
    const cpu = threadCpuMs();
    const ticker = setInterval(() => this.tick(level, []), TICK);
    try {
      const work = await this.crew!.run(job);
      work.forEach((w, i) => {
        this.busyMs[i] += w.busyMs;
        this.cpuMs[i] += w.cpuMs;
      });
      return work;
    } finally {
      clearInterval(ticker);
      this.parallelMs += performance.now() - began;
      if (cpu !== undefined) this.mainCpuInParallelMs += threadCpuMs()! - cpu;
    }
  }

  /** Between chunks: reports progress when it is time, and has every thread stop when a limit is hit. */
  private tick(level: Level, work: readonly LevelWork[]): void {
    const { options, table } = this;
    const now = performance.now();
    const queued = level.end - level.start;
    if (options.onProgress && now >= this.nextProgress) {
      this.nextProgress = now + (options.progressEveryMs ?? 2000);
      const transitions = this.transitions + work.reduce((n, w) => n + w.transitions, 0);
      const ends = [...this.levels.slice(1), level.end];
      const levels = [...ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1])), table.staged];
      options.onProgress({ states: table.count + table.staged, queued, depth: this.levels.length - 1, transitions, seconds: (now - this.started) / 1000, levels });
    }
    this.stop ??= limitHit(options, now - this.started, queued);
    if (this.stop) Atomics.store(table.control, Control.Stop, 1);
  }

  /**
   * Ends a level that ran to its end, or to a finding, or past the state limit: stores its new
   * states as the single-threaded search would have, counts its transitions and reachability
   * checks met as that search would have when it stopped, and returns the outcome if the
   * search ends here.
   */
  private async endLevel(level: Level, work: readonly LevelWork[], inParallel: boolean): Promise<Outcome | undefined> {
    const { table, options } = this;
    const found = work.reduce<LevelWork['finding']>((best, w) => (w.finding && (!best || w.finding.rank < best.rank) ? w.finding : best), undefined);
    const maxStates = options.maxStates ?? Infinity;
    const began = performance.now();
    const stored = table.numberLevel(level.start, level.keyScale, found ? found.rank : Infinity, maxStates + 1 - level.end, !inParallel);
    this.levelEndMs += performance.now() - began;
    this.countMade(level, work, stored);
    // The workers store the new states of the levels they expanded; this thread those of the others.
    if (inParallel) await this.onCrew(level, { store: { kept: stored, keyScale: level.keyScale, levelStart: level.start } });
    else table.storeNumbered(0, stored, level.keyScale, level.start);
    table.endLevel(stored);
    const hits = work.flatMap((w) => w.reached);
    if (level.end + stored > maxStates) return this.pastStateLimit(level, hits);
    if (found && inParallel) this.countEnabledBelow(level, found.rank);
    else for (const w of work) w.enabled.forEach((n, a) => (this.coverage.enabled[a] += n));
    this.transitions += found ? this.fanoutBelow(found.rank) : work.reduce((n, w) => n + w.transitions, 0);
    this.recordWitnesses(hits, found ? level.start + found.rank : Infinity);
    this.cutOff ||= work.some((w) => w.cutOff);
    if (!found) return undefined;
    const id = level.start + found.rank;
    const trace = fewestSwitchesTrace(this.instance, table, id, this.levels) ?? pathTo(this.instance, table, id);
    return outcomeOfFinding(this.instance, found.finding, trace);
  }

  /**
   * Adds a level's new states to the coverage, as the single-threaded search counts them: by
   * the action in their keys (the one that made each first in serial order), or, when the keys
   * hold none (one thread expanded the level in order), by the thread's own count.
   */
  private countMade(level: Level, work: readonly LevelWork[], stored: number): void {
    const { newStates } = this.coverage;
    if (level.keyScale === Math.max(1, this.instance.actions.length)) this.table.countMadeBy(stored, level.keyScale, newStates);
    else for (const w of work) w.made.forEach((n, a) => (newStates[a] += n));
  }

  /**
   * Adds to the coverage the instances enabled in the states of the level below rank `rank`,
   * and the first `fired` of the state of that rank, expanding them again on this thread: where
   * the search stopped within a level, the threads may have expanded states past that point.
   */
  private countEnabledBelow(level: Level, rank: number, fired = 0): void {
    const { table } = this;
    const { enabled } = this.coverage;
    const out = new Successors(table.words);
    const end = level.start + rank + (fired > 0 ? 1 : 0);
    for (let first = level.start; first < end; ) {
      const count = Math.min(BATCH, end - first, table.runFrom(first));
      out.clear();
      this.expander.expand(table.segmentOf(first), table.offsetOf(first), count, out, level.fire);
      for (let k = 0, at = 0; k < count; k++) {
        const n = out.data[at++];
        const counted = first + k < level.start + rank ? n : fired;
        for (let i = 0; i < n; i++, at += Successors.HEAD + table.words) if (i < counted) enabled[out.data[at]]++;
      }
      first += count;
    }
  }

  /**
   * The outcome when the level's new states pass the state limit: the single-threaded search
   * stops right after inserting state `maxStates` (counting from 0), in the middle of its parent's
   * successors, having ingested the reachability checks met in that parent's batch.
   */
  private pastStateLimit(level: Level, hits: readonly Hit[]): Outcome {
    const { table, instance } = this;
    const last = table.count - 1;
    const parent = table.parentOf(last);
    // The serial search's batch holding the parent: batches of BATCH states that do not cross a segment.
    let batch = level.start;
    const batchEnd = (at: number): number => Math.min(at + BATCH, level.end, at + table.runFrom(at));
    while (batchEnd(batch) <= parent) batch = batchEnd(batch);
    const out = new Successors(instance.codec.words);
    const expansion = this.expander.expand(table.segmentOf(batch), table.offsetOf(batch), batchEnd(batch) - batch, out, level.fire);
    this.recordWitnesses([...hits.filter((h) => h.id < batch), ...expansion.reached.map((r) => ({ property: r.property, id: batch + r.at }))], Infinity);
    // The parent's successors up to the first that is the last state stored.
    const data = out.data;
    let at = 0;
    for (let k = batch; k < parent; k++) at += 1 + data[at] * (Successors.HEAD + table.words);
    const n = data[at++];
    let fired = 0;
    while (fired < n) {
      fired++;
      if (table.matches(last, data, at + Successors.HEAD)) break;
      at += Successors.HEAD + table.words;
    }
    this.transitions += this.fanoutBelow(parent - level.start) + fired;
    this.countEnabledBelow(level, parent - level.start, fired);
    return incomplete('states', `more than ${this.options.maxStates} distinct states; ${table.count - parent - 1} states still queued`);
  }

  /** Transitions from the states of the level below rank `rank`. */
  private fanoutBelow(rank: number): number {
    let sum = 0;
    const fanout = new Int32Array(this.fanoutBuffer, 0, rank);
    for (let r = 0; r < rank; r++) sum += fanout[r];
    return sum;
  }

  /** Records the reachability checks met at states up to `upTo`, in breadth-first order, those not met before. */
  private recordWitnesses(hits: readonly Hit[], upTo: number): void {
    const sorted = hits.filter((h) => h.id <= upTo).sort((a, b) => a.id - b.id || a.property - b.property);
    for (const { property, id } of sorted) if (this.unmet.delete(property)) this.witnesses.set(property, id);
  }

  /** The outcome of a level stopped by a limit (time, memory, an interruption): what was found so far is counted. */
  private stopped(level: Level, work: readonly LevelWork[]): Outcome {
    this.transitions += work.reduce((n, w) => n + w.transitions, 0);
    return this.stop ?? limitHit(this.options, performance.now() - this.started, level.end - level.start)!;
  }

  /** The outcome when memory ran out: `what` says where, as "the process ran out of memory (...)". */
  private outOfMemory(what: string, work: readonly LevelWork[]): Outcome {
    this.transitions += work.reduce((n, w) => n + w.transitions, 0);
    return incomplete('memory', `${what} with ${this.table.count - this.levels.at(-1)!} states still queued`);
  }

  /** The outcome of a search that expanded every reachable state without a finding. */
  private conclude(): Outcome {
    if (this.cutOff) return incomplete('depth', `states at depth ${this.options.maxDepth} have successors that were not explored`);
    this.exhaustive = true;
    const [firstUnmet] = this.unmet;
    if (firstUnmet === undefined) return { verdict: 'holds' };
    const p = this.instance.reachability[firstUnmet];
    return { verdict: 'violates', property: p.name, kind: 'sometimes', explanation: `no reachable state satisfies "${p.name}": the search explored all of them` };
  }

  /** The search's result: the outcome with the statistics so far and the reachability witnesses. */
  private finish(outcome: Outcome): SharedSearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    const { table, instance, options } = this;
    const states = table.count + (outcome.verdict === 'incomplete' && outcome.limit !== 'states' ? table.staged : 0);
    const traceTo = (id: number) => pathTo(instance, table, id);
    const reached = [...this.witnesses].map(([p, id]) => ({ property: instance.reachability[p].name, steps: this.depthOf(id) }));
    const witness = this.witnesses.get(instance.reachability.findIndex((p) => p.name === options.witness));
    const witnesses = options.witnessAll ? [...this.witnesses].map(([p, id]) => ({ property: instance.reachability[p].name, trace: traceTo(id) })) : undefined;
    return {
      outcome,
      reached,
      ...(witness === undefined ? {} : { witness: { property: options.witness!, trace: traceTo(witness) } }),
      ...(witnesses ? { witnesses } : {}),
      coverage: coverageOf(instance, this.coverage, this.exhaustive),
      stats: { states, transitions: this.transitions, depth: this.levels.length - 1, seconds, statesPerSecond: seconds > 0 ? states / seconds : 0, storeBytes: table.bytes },
      threads: this.threadStats(seconds, this.levels.length),
    };
  }

  /** How the threads were used, in a search of `seconds` seconds and `levels` levels. */
  private threadStats(seconds: number, levels: number): ThreadStats {
    return {
      threads: this.threads,
      engine: 'shared table',
      busySeconds: this.busyMs.map((ms) => ms / 1000),
      cpuSeconds: this.mainCpuAtStart === undefined ? [] : this.cpuMs.map((ms) => ms / 1000),
      ...(this.mainCpuAtStart === undefined ? {} : { mainCpuSeconds: (threadCpuMs()! - this.mainCpuAtStart - this.mainCpuInParallelMs) / 1000 }),
      parallelSeconds: this.parallelMs / 1000,
      serialSeconds: seconds - (this.parallelMs + this.startMs) / 1000,
      levelEndSeconds: this.levelEndMs / 1000,
      startSeconds: this.startMs / 1000,
      parallelLevels: this.parallelLevels,
      levels,
      growths: this.crew?.growths ?? 0,
      growthSeconds: (this.crew?.growthMs ?? 0) / 1000,
    };
  }

  /** The number of steps from an initial state to stored state `id`. */
  private depthOf(id: number): number {
    let steps = 0;
    for (let at = this.table.parentOf(id); at >= 0; at = this.table.parentOf(at)) steps++;
    return steps;
  }
}

/** A reachability check met at a state. */
type Hit = LevelWork['reached'][number];
