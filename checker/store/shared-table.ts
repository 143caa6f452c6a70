/// <reference lib="es2024.sharedmemory" />
// Growable SharedArrayBuffers (Node 20 has them; the project's ES2022 library does not declare them).
import { InterleaveError } from '../errors.js';
import { hashWords } from './state-store.js';
import type { StoredStates } from './stored-states.js';

/** Words of the control array that the threads of a level share (an Int32Array). */
export const enum Control {
  /** The next chunk of the level to hand out. */
  Chunk,
  /** New states staged in this level so far. */
  Staged,
  /** Table slots in use or promised: stored and staged states, plus successors being inserted. */
  Occupied,
  /** The smallest rank in the level of a state with a finding (`NO_FINDING` when none). */
  Finding,
  /** Non-zero: take no more chunks (interrupted, out of time or memory). */
  Stop,
  /** Bumped when the table has grown and threads parked for it may go on. */
  Epoch,
  /** log2 of the hash table's slots. */
  Bits,
  /** The first index of the states staged in this level: those stored before it are below. */
  LevelEnd,
  /** Take no more chunks once more than this many new states are staged (the state limit). */
  Budget,
  /** How many words there are. */
  Length,
}

/** The `Finding` word when no state of the level has a finding. */
export const NO_FINDING = 0x7fffffff;

/** The table is grown before it is more than three quarters full. */
const MAX_LOAD = 0.75;

/** The most bytes a growable SharedArrayBuffer may reach (Node 20's limit). */
const MAX_GROWABLE = 2 ** 32;

/** What a worker thread needs to share a table: its buffers. */
export interface SharedTableHandles {
  readonly words: number;
  readonly segmentShift: number;
  readonly control: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  readonly staging: SharedArrayBuffer;
  readonly order: SharedArrayBuffer;
  readonly segments: readonly SharedArrayBuffer[];
}

/**
 * The state store of the multi-threaded breadth-first search, in `SharedArrayBuffer`s that
 * every thread inserts into with `Atomics`, level by level, after it has taken the states of the
 * single-threaded search that ran the first levels (`adopt`):
 *
 * - the states of finished levels, in breadth-first order, in fixed segments of state words and
 *   parent links (as `StateStore` keeps them, and read the same way by traces);
 * - the staging area of the level being expanded: each new state's words, its slot in the hash
 *   table and its key, the smallest `parentRank * keyScale + action` that reached it, kept
 *   with an atomic minimum, so that its parent does not depend on which thread got there first;
 * - one open-addressing hash table of indices tagged with hash bits, as `StateStore`'s, whose
 *   slots are claimed with compare-and-swap (a slot being written holds its tag and the all-ones
 *   index, so only a thread with the same tag waits for it).
 *
 * When a level is done, `numberLevel` numbers its new states in key order, which is the order
 * in which the single-threaded search discovers them, and `storeNumbered` copies them after the
 * stored states and points their slots at their numbers (in slices, on every thread): every
 * count, parent and trace is the serial search's.
 */
export class SharedTable implements StoredStates {
  /** States stored in finished levels. */
  count = 0;
  /** The words every thread of a level reads and updates with `Atomics`: see `Control`. */
  readonly control: Int32Array;
  /** log2 of the states per segment of the store. */
  readonly segmentShift: number;
  private readonly segmentMask: number;
  private readonly segmentStates: number;
  private readonly segmentBuffers: SharedArrayBuffer[];
  private readonly states: Uint32Array[] = [];
  private readonly parents: Int32Array[] = [];
  private readonly tableBuffer: SharedArrayBuffer;
  // The views of growable buffers have fixed lengths, made again when a buffer has grown: V8
  // (Node 20) reads and writes length-tracking views about ten times slower.
  /** The slots, as signed words: Atomics on them then give small integers, never boxed doubles. */
  private table: Int32Array;
  private readonly stagingBuffer: SharedArrayBuffer;
  /** The staging area's words, and the same buffer as signed words for the atomic keys and slots. */
  private staging: Uint32Array;
  private stagingSigned: Int32Array;
  /** The staged states of the level in the order they are numbered in. */
  private readonly orderBuffer: SharedArrayBuffer;
  private order: Int32Array;
  /** Words per staged state: its key, its slot, then its words. */
  private readonly stride: number;
  // Copies of control words, read once per level and after the table grows.
  private bits = 0;
  private mask = 0;
  private levelEnd = 0;

  /** A new, empty table for states of `words` words, or the view of an existing one (on a worker thread). */
  constructor(readonly words: number, handles?: SharedTableHandles) {
    this.segmentShift = handles?.segmentShift ?? 16;
    this.segmentStates = 1 << this.segmentShift;
    this.segmentMask = this.segmentStates - 1;
    this.stride = words + 2;
    this.control = new Int32Array(handles?.control ?? new SharedArrayBuffer(Control.Length * 4));
    this.tableBuffer = handles?.table ?? new SharedArrayBuffer(4 << 12, { maxByteLength: MAX_GROWABLE });
    this.table = fixedView(Int32Array, this.tableBuffer);
    this.stagingBuffer = handles?.staging ?? new SharedArrayBuffer(this.stride * 4 << 10, { maxByteLength: MAX_GROWABLE });
    this.staging = fixedView(Uint32Array, this.stagingBuffer);
    this.stagingSigned = fixedView(Int32Array, this.stagingBuffer);
    this.orderBuffer = handles?.order ?? new SharedArrayBuffer(4 << 10, { maxByteLength: MAX_GROWABLE });
    this.order = fixedView(Int32Array, this.orderBuffer);
    this.segmentBuffers = [];
    if (!handles) Atomics.store(this.control, Control.Bits, 12);
    for (const buffer of handles?.segments ?? []) this.addSegment(buffer);
    this.refresh();
  }

  /** The buffers to hand to a worker thread; `fromSegment` on, for one that has the earlier ones. */
  handles(fromSegment = 0): SharedTableHandles {
    const { words, segmentShift } = this;
    const { tableBuffer: table, stagingBuffer: staging, orderBuffer: order } = this;
    return { words, segmentShift, control: this.control.buffer as SharedArrayBuffer, table, staging, order, segments: this.segmentBuffers.slice(fromSegment) };
  }

  /** How many segments there are. */
  get segments(): number {
    return this.segmentBuffers.length;
  }

  /** Takes the segments that another thread allocated since this view last did. */
  addSegments(buffers: readonly SharedArrayBuffer[]): void {
    for (const buffer of buffers) this.addSegment(buffer);
  }

  /**
   * Reads the control words that change only between levels or while no thread inserts, and
   * views the buffers as they are now (another thread may have grown them).
   */
  refresh(): void {
    this.bits = Atomics.load(this.control, Control.Bits);
    this.mask = (1 << this.bits) - 1;
    this.levelEnd = Atomics.load(this.control, Control.LevelEnd);
    if (this.table.byteLength !== this.tableBuffer.byteLength) this.table = fixedView(Int32Array, this.tableBuffer);
    if (this.order.byteLength !== this.orderBuffer.byteLength) this.order = fixedView(Int32Array, this.orderBuffer);
    this.refreshStaging();
  }

  /** Views the staging area as it is now, if another thread has grown it. */
  private refreshStaging(): void {
    if (this.staging.byteLength === this.stagingBuffer.byteLength) return;
    this.staging = fixedView(Uint32Array, this.stagingBuffer);
    this.stagingSigned = fixedView(Int32Array, this.stagingBuffer);
  }

  segmentOf(id: number): Uint32Array {
    return this.states[id >>> this.segmentShift];
  }

  offsetOf(id: number): number {
    return (id & this.segmentMask) * this.words;
  }

  /** How many states from `id` on lie in the same segment. */
  runFrom(id: number): number {
    return this.segmentStates - (id & this.segmentMask);
  }

  parentOf(id: number): number {
    return this.parents[id >>> this.segmentShift][id & this.segmentMask];
  }

  matches(id: number, src: Uint32Array, offset: number): boolean {
    return this.equals(id, src, offset);
  }

  /** Bytes held by the stored states, their parents, the hash table and the staging area. */
  get bytes(): number {
    const transient = this.stagingBuffer.byteLength + this.orderBuffer.byteLength;
    return this.segmentBuffers.length * this.segmentStates * (this.words + 1) * 4 + this.tableBuffer.byteLength + transient;
  }

  /**
   * Opens the next level: the states stored so far are its parents and the ones before; no
   * more than `budget` new states are wanted (the state limit). Grows the table first if the
   * level could fill it with `expected` new states. Main thread only, between levels.
   */
  beginLevel(budget: number, expected: number): void {
    const c = this.control;
    Atomics.store(c, Control.Chunk, 0);
    Atomics.store(c, Control.Staged, 0);
    Atomics.store(c, Control.Occupied, this.count);
    Atomics.store(c, Control.Finding, NO_FINDING);
    Atomics.store(c, Control.LevelEnd, this.count);
    Atomics.store(c, Control.Budget, Math.min(budget, NO_FINDING));
    this.refresh();
    this.growFor(this.count + expected);
  }

  /**
   * Promises room for `n` more states in the table; false when there is none (the table must
   * grow first: `growFor`, on the main thread, while no thread inserts).
   */
  reserve(n: number): boolean {
    const occupied = Atomics.add(this.control, Control.Occupied, n) + n;
    if (occupied <= this.capacity()) return true;
    Atomics.sub(this.control, Control.Occupied, n);
    return false;
  }

  /** Gives back the promised room that `unused` of the reserved states did not take (they were already stored). */
  release(unused: number): void {
    Atomics.sub(this.control, Control.Occupied, unused);
  }

  /** How many states the table takes before it must grow. */
  capacity(): number {
    return Math.floor((this.mask + 1) * MAX_LOAD);
  }

  /** Slots in use or promised. */
  get occupied(): number {
    return Atomics.load(this.control, Control.Occupied);
  }

  /**
   * Inserts the state in `src[offset .. offset + words)` (whose table hash is `hash`), reached
   * with `key`: stages it if it is new, else lowers the key of its staged copy to `key` if
   * that is smaller. Returns 1 if it was new, else 0. Room must have been reserved.
   */
  insert(src: Uint32Array, offset: number, hash: number, key: number): number {
    const { table, bits, mask } = this;
    const tag = hash >>> bits;
    let slot = hash & mask;
    for (;;) {
      // A plain read first (most slots probed hold another state's tag); the words of a state
      // are read only after an atomic read has seen its slot published.
      let entry = table[slot];
      if (entry === 0) {
        // Claim the slot as being written: tag and the all-ones index.
        if (Atomics.compareExchange(table, slot, 0, (tag << bits) | mask) !== 0) continue;
        const t = Atomics.add(this.control, Control.Staged, 1);
        const at = this.stageAt(t);
        const staging = this.staging;
        this.stagingSigned[at] = key;
        this.stagingSigned[at + 1] = slot;
        for (let w = 0; w < this.words; w++) staging[at + 2 + w] = src[offset + w];
        Atomics.store(table, slot, (tag << bits) | (this.levelEnd + t + 1));
        return 1;
      }
      if (entry >>> bits === tag) {
        entry = Atomics.load(table, slot);
        const id = (entry & mask) - 1;
        if (id === mask - 1) continue; // being written by another thread: read it again
        if (this.equals(id, src, offset)) {
          if (id >= this.levelEnd) this.lowerKey((id - this.levelEnd) * this.stride, key);
          return 0;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The hash that places the state in `src` at `offset` in the table. */
  hashIn(src: Uint32Array, offset: number): number {
    return hashWords(src, offset, this.words);
  }

  /** New states staged in the current level. */
  get staged(): number {
    return Atomics.load(this.control, Control.Staged);
  }

  /** The key of staged state `t`. */
  keyOf(t: number): number {
    return this.stagingSigned[t * this.stride];
  }

  /**
   * Grows the hash table, if needed, to the fewest slots (a power of two, as the serial
   * store's) that take `states` states at most three quarters full, and places every stored and
   * staged state again. Main thread only, while no thread inserts; threads re-read the table's
   * size with `refresh`.
   */
  growFor(states: number): void {
    const bits = this.bitsFor(states);
    if (bits !== this.bits) this.placeAll(bits);
  }

  /** log2 of the fewest slots, no fewer than now, that take `states` states at most three quarters full. */
  private bitsFor(states: number): number {
    let bits = this.bits;
    while (Math.floor(2 ** bits * MAX_LOAD) < states) bits++;
    return bits;
  }

  /** Makes the hash table `2^bits` slots and places every stored and staged state in it again. */
  private placeAll(bits: number): void {
    if (bits > 30) throw new InterleaveError('the state store is full (2^30 hash slots): bound the search with --max-states');
    const staged = this.staged;
    const size = 1 << bits;
    if (this.tableBuffer.byteLength < size * 4) this.tableBuffer.grow(size * 4);
    Atomics.store(this.control, Control.Bits, bits);
    this.refresh();
    this.table.fill(0, 0, size);
    const { table, mask } = this;
    const place = (id: number, hash: number): number => {
      let slot = hash & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = ((hash >>> bits) << bits) | (id + 1);
      return slot;
    };
    for (let id = 0; id < this.levelEnd; id++) place(id, hashWords(this.segmentOf(id), this.offsetOf(id), this.words));
    for (let t = 0; t < staged; t++) {
      const at = t * this.stride;
      this.stagingSigned[at + 1] = place(this.levelEnd + t, hashWords(this.staging, at + 2, this.words));
    }
  }

  /**
   * Takes the states of `store` as its own, in the same order and with the same parents: those
   * that the single-threaded search found before handing over. Main thread only, on an empty
   * table, before any level.
   */
  adopt(store: StoredStates): void {
    const { words } = this;
    const n = store.count;
    this.addSegmentsFor(n);
    for (let id = 0; id < n; id++) {
      const from = store.segmentOf(id);
      const offset = store.offsetOf(id);
      const into = this.states[id >>> this.segmentShift];
      const at = (id & this.segmentMask) * words;
      for (let w = 0; w < words; w++) into[at + w] = from[offset + w];
      this.parents[id >>> this.segmentShift][id & this.segmentMask] = store.parentOf(id);
    }
    this.count = n;
    Atomics.store(this.control, Control.LevelEnd, n);
    this.refresh();
    this.placeAll(this.bitsFor(n));
  }

  /**
   * Numbers the new states of the current level, whose parents are the states
   * `levelStart .. count - 1`, in key order (the serial search's order of discovery), keeping
   * those reached from a parent of rank below `ranks` only, and the first `most` of them; makes
   * room for them in the store. `ordered` says the states were staged in key order already (one
   * thread expanded the level in order), so no sort is needed. Returns how many are kept: store
   * them with `storeNumbered` (in slices, on any threads), then end the level with `endLevel`.
   * Main thread only.
   */
  numberLevel(levelStart: number, keyScale: number, ranks: number, most: number, ordered: boolean): number {
    const staged = this.staged;
    if (this.orderBuffer.byteLength < staged * 4) this.orderBuffer.grow(Math.max(staged * 4, Math.min(MAX_GROWABLE, this.orderBuffer.byteLength * 2)));
    this.refresh();
    const order = this.order;
    if (ordered) {
      for (let t = 0; t < staged; t++) order[t] = t;
    } else {
      // A counting sort by parent rank, then by action within a parent (a few states each).
      const levelSize = this.levelEnd - levelStart;
      const starts = new Int32Array(levelSize + 1);
      for (let t = 0; t < staged; t++) starts[Math.floor(this.keyOf(t) / keyScale) + 1]++;
      for (let r = 0; r < levelSize; r++) starts[r + 1] += starts[r];
      const next = starts.slice(0, levelSize);
      for (let t = 0; t < staged; t++) {
        const key = this.keyOf(t);
        const rank = Math.floor(key / keyScale);
        const first = starts[rank];
        let at = next[rank]++;
        while (at > first && this.keyOf(order[at - 1]) > key) {
          order[at] = order[at - 1];
          at--;
        }
        order[at] = t;
      }
    }
    let kept = Math.min(staged, most);
    if (ranks < Infinity) {
      kept = 0;
      while (kept < staged && kept < most && Math.floor(this.keyOf(order[kept]) / keyScale) < ranks) kept++;
    }
    this.addSegmentsFor(this.count + kept);
    return kept;
  }

  /** Allocates segments until they hold `states` states. */
  private addSegmentsFor(states: number): void {
    while (this.segmentBuffers.length << this.segmentShift < states) {
      this.addSegment(new SharedArrayBuffer(this.segmentStates * (this.words + 1) * 4));
    }
  }

  /**
   * Stores the numbered states `from .. to - 1` of the current level after the states stored
   * before it, each with the parent of rank `key / keyScale` in the level that starts at
   * `levelStart`, and points their table slots at their numbers. Any thread;
   * slices of different threads do not overlap.
   */
  storeNumbered(from: number, to: number, keyScale: number, levelStart: number): void {
    const { words, stride, staging, stagingSigned, table, mask, order } = this;
    for (let i = from; i < to; i++) {
      const t = order[i];
      const id = this.levelEnd + i;
      const source = t * stride;
      const into = this.states[id >>> this.segmentShift];
      const at = (id & this.segmentMask) * words;
      for (let w = 0; w < words; w++) into[at + w] = staging[source + 2 + w];
      this.parents[id >>> this.segmentShift][id & this.segmentMask] = levelStart + Math.floor(stagingSigned[source] / keyScale);
      const slot = stagingSigned[source + 1];
      table[slot] = (table[slot] & ~mask) | (id + 1);
    }
  }

  /**
   * Counts the first `kept` numbered states of the level by the action instance in their key
   * (`key % keyScale`, when the keys hold one): the instance whose firing made each, as the
   * single-threaded search counts new states. Main thread only, before `endLevel`.
   */
  countMadeBy(kept: number, keyScale: number, into: Float64Array): void {
    for (let i = 0; i < kept; i++) into[this.keyOf(this.order[i]) % keyScale]++;
  }

  /** Ends the current level once its `kept` numbered states are stored. Main thread only. */
  endLevel(kept: number): void {
    this.count += kept;
  }

  /** Where staged state `t`'s record starts, growing the staging area to hold it. */
  private stageAt(t: number): number {
    const at = t * this.stride;
    if (at + this.stride <= this.staging.length) return at;
    const need = (at + this.stride) * 4;
    while (this.stagingBuffer.byteLength < need) {
      if (need > MAX_GROWABLE) {
        throw new InterleaveError(`a breadth-first level has more new states than the shared table's staging area holds (${Math.floor(MAX_GROWABLE / 4 / this.stride)}): run with --workers 1`);
      }
      try {
        this.stagingBuffer.grow(Math.min(MAX_GROWABLE, Math.max(need, this.stagingBuffer.byteLength * 2)));
      } catch {
        // another thread grew it meanwhile, perhaps larger than this one asked for: look again
      }
    }
    if (this.staging.length < at + this.stride) this.refreshStaging();
    return at;
  }

  /** Lowers the key at `staging[at]` to `key` if that is smaller, atomically. */
  private lowerKey(at: number, key: number): void {
    if (at >= this.stagingSigned.length) this.refreshStaging();
    const keys = this.stagingSigned;
    // Keys only go down, so a plain read that is out of date is too large, never too small.
    if (keys[at] <= key) return;
    for (;;) {
      const current = Atomics.load(keys, at);
      if (current <= key || Atomics.compareExchange(keys, at, current, key) === current) return;
    }
  }

  /** Whether state `id` (stored, or staged in this level) is the state at `src[offset]`. */
  private equals(id: number, src: Uint32Array, offset: number): boolean {
    let states: Uint32Array;
    let at: number;
    if (id < this.levelEnd) {
      states = this.states[id >>> this.segmentShift];
      at = (id & this.segmentMask) * this.words;
    } else {
      at = (id - this.levelEnd) * this.stride + 2;
      if (at + this.words > this.staging.length) this.refreshStaging();
      states = this.staging;
    }
    for (let w = 0; w < this.words; w++) if (states[at + w] !== src[offset + w]) return false;
    return true;
  }

  private addSegment(buffer: SharedArrayBuffer): void {
    this.segmentBuffers.push(buffer);
    this.states.push(new Uint32Array(buffer, 0, this.segmentStates * this.words));
    this.parents.push(new Int32Array(buffer, this.segmentStates * this.words * 4, this.segmentStates));
  }
}

/** A view of the whole of `buffer` as it is now, of fixed length (not tracking the buffer's growth). */
function fixedView<T>(type: new (buffer: SharedArrayBuffer, offset: number, length: number) => T, buffer: SharedArrayBuffer): T {
  return new type(buffer, 0, buffer.byteLength / 4);
}
