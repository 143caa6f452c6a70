import { Control, type SharedTable } from '../../store/shared-table.js';
import type { Expander, Finding } from '../expander.js';
import { Successors } from '../successors.js';

/** States per chunk: a chunk is what a thread takes from a level at a time. Divides a segment's 2^16 states. */
export const CHUNK = 512;

/** One level of the search, as every thread that expands it sees it. */
export interface Level {
  /** The index of the level's first state. */
  readonly start: number;
  /** One past the index of its last state. */
  readonly end: number;
  /** Whether to generate successors (false at the depth limit). */
  readonly fire: boolean;
  /**
   * A successor's key is `rank * keyScale + action` (its parent's rank in the level; the action
   * instance); 1 when there is one action instance, or when keys would not fit in 31 bits, and
   * the key is then the rank alone (the level is expanded by one thread in order).
   */
  readonly keyScale: number;
}

/** What one thread did in a level (or part of one). */
export interface LevelWork {
  /** Transitions fired from the states it expanded. */
  transitions: number;
  /** Its finding of smallest rank in the level, if any. */
  finding?: { readonly rank: number; readonly finding: Finding };
  /** The first state (by index) at which it met each reachability check. */
  readonly reached: { readonly property: number; readonly id: number }[];
  /** Some state at the depth limit had an enabled action. */
  cutOff: boolean;
  /** `enabled[a]`: states it expanded in which action instance `a` was enabled (fired once). */
  readonly enabled: Float64Array;
  /** `made[a]`: successors by instance `a` that it staged first (the serial search's new states when one thread expands a level in order). */
  readonly made: Float64Array;
  /** On a worker thread: milliseconds its jobs took, wall clock (the main thread does not time its own levels). */
  busyMs: number;
  /** Of those, milliseconds of CPU time the worker used (where the system says: Linux). */
  cpuMs: number;
}

/** An empty record of work, for a model of `actions` action instances. */
export function noWork(actions: number): LevelWork {
  return { transitions: 0, reached: [], cutOff: false, enabled: new Float64Array(actions), made: new Float64Array(actions), busyMs: 0, cpuMs: 0 };
}

/**
 * The loop every thread of the shared-table search runs on a level: take the next chunk of
 * the level's states, expand it with the thread's own `Expander`, and insert its successors
 * into the shared table with the key `rank * keyScale + action`. Each thread takes chunks in
 * increasing order, so its expander meets a reachability check first at its earliest state.
 * Chunks beyond a finding (of smaller rank) and all chunks after a stop are not taken; a chunk
 * taken is finished, so that every state before the first finding is expanded.
 */
export class LevelRunner {
  private readonly out: Successors;
  /** `fanout[rank]`: how many successors the state of that rank in the level has (shared: all threads write their ranks). */
  fanout: Int32Array = new Int32Array(0);
  private fanoutBuffer: SharedArrayBuffer | undefined;

  /**
   * @param table - the shared table.
   * @param expander - this thread's expander.
   * @param makeRoom - called when the table cannot take `states` more: grows it (on the main
   * thread) or waits until the main thread has (on a worker thread).
   */
  constructor(
    private readonly table: SharedTable,
    private readonly expander: Expander,
    private readonly makeRoom: (states: number) => void,
  ) {
    this.out = new Successors(table.words);
  }

  /**
   * Expands chunks of `level` until none is left, or until `until` (a `performance.now()` time)
   * has passed; adds what it did to `work`. Returns whether chunks may be left.
   */
  run(level: Level, work: LevelWork, until = Infinity): boolean {
    const { table, out } = this;
    const control = table.control;
    const words = table.words;
    const base = level.start - (level.start % CHUNK);
    // A view of fixed length, made again when the buffer has grown: see SharedTable.
    if (this.fanoutBuffer && this.fanout.byteLength !== this.fanoutBuffer.byteLength) this.fanout = new Int32Array(this.fanoutBuffer, 0, this.fanoutBuffer.byteLength / 4);
    for (;;) {
      if (Atomics.load(control, Control.Stop) !== 0 || table.staged > Atomics.load(control, Control.Budget)) return false;
      // Chunks are aligned to multiples of CHUNK, so that none crosses a segment of the store.
      const chunkEnd = base + (Atomics.add(control, Control.Chunk, 1) + 1) * CHUNK;
      const first = Math.max(level.start, chunkEnd - CHUNK);
      if (first >= level.end || first - level.start > Atomics.load(control, Control.Finding)) return false;
      const count = Math.min(level.end, chunkEnd) - first;
      out.clear();
      const expansion = this.expander.expand(table.segmentOf(first), table.offsetOf(first), count, out, level.fire);
      for (const r of expansion.reached) work.reached.push({ property: r.property, id: first + r.at });
      work.cutOff ||= expansion.cutOff;
      if (expansion.finding) {
        const rank = first + expansion.expanded - level.start;
        if (!work.finding || rank < work.finding.rank) work.finding = { rank, finding: expansion.finding };
        atomicMin(control, Control.Finding, rank);
      }
      const successors = (out.length - expansion.expanded) / (Successors.HEAD + words);
      while (!table.reserve(successors)) this.makeRoom(successors);
      const data = out.data;
      let added = 0;
      let at = 0;
      for (let k = 0; k < expansion.expanded; k++) {
        const rank = first + k - level.start;
        const n = data[at++];
        this.fanout[rank] = n;
        work.transitions += n;
        for (let i = 0; i < n; i++) {
          const action = data[at];
          const key = rank * level.keyScale + (level.keyScale === 1 ? 0 : action);
          const isNew = table.insert(data, at + Successors.HEAD, data[at + 1], key);
          work.enabled[action]++;
          work.made[action] += isNew;
          added += isNew;
          at += Successors.HEAD + words;
        }
      }
      table.release(successors - added);
      if (performance.now() >= until) return true;
    }
  }

  /** Writes the fan-outs into `buffer`, which the main thread grows to hold each level's before the level starts. */
  useFanout(buffer: SharedArrayBuffer): void {
    this.fanoutBuffer = buffer;
  }
}

/** The numbered new states of a level, to be stored: see `SharedTable.numberLevel`. */
export interface Numbered {
  /** How many. */
  readonly kept: number;
  /** The level's `keyScale`. */
  readonly keyScale: number;
  /** The index of the level's first state. */
  readonly levelStart: number;
}

/** New states per slice of `storeLevel`. */
const SLICE = 1 << 14;

/**
 * What every thread runs at the end of a level: takes slices of its numbered new states from
 * the shared cursor and stores them (their words, parents and table slots) until none is left.
 */
export function storeLevel(table: SharedTable, numbered: Numbered): void {
  for (;;) {
    const from = Atomics.add(table.control, Control.Chunk, 1) * SLICE;
    if (from >= numbered.kept) break;
    table.storeNumbered(from, Math.min(numbered.kept, from + SLICE), numbered.keyScale, numbered.levelStart);
  }
}

/** Lowers `array[index]` to `value` if that is smaller, atomically. */
function atomicMin(array: Int32Array, index: number, value: number): void {
  for (;;) {
    const current = Atomics.load(array, index);
    if (current <= value || Atomics.compareExchange(array, index, current, value) === current) return;
  }
}
