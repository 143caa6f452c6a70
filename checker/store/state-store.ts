/**
 * The visited set and the search queue in one: every distinct state, encoded, in the order it
 * was first reached. Breadth-first search expands states in that order, so the queue is just a
 * cursor into the store. Per state it also keeps the parent's index and the action instance
 * that led to it, which is all a trace needs.
 *
 * Everything lives in typed arrays: an arena of state words, an open-addressing hash table of
 * state indices, and the two per-state link arrays. No JS object per state.
 */
export class StateStore {
  /** How many distinct states are stored. */
  count = 0;
  private arena: Uint32Array;
  private parents: Int32Array;
  private actions: Int32Array;
  private table: Int32Array;
  private mask: number;

  /**
   * @param words - words per encoded state.
   * @param capacity - states to make room for at first; the store grows as needed.
   */
  constructor(readonly words: number, capacity = 1 << 12) {
    this.arena = new Uint32Array(capacity * words);
    this.parents = new Int32Array(capacity);
    this.actions = new Int32Array(capacity);
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
  }

  /** The arena holding state `id` at offset `offsetOf(id)`. Valid until the next insert. */
  get buffer(): Uint32Array {
    return this.arena;
  }

  /** Where state `id` starts in `buffer`. */
  offsetOf(id: number): number {
    return id * this.words;
  }

  /** The state that `id` was first reached from, or -1 for an initial state. */
  parentOf(id: number): number {
    return this.parents[id];
  }

  /** The action instance that first reached `id`, or -1 for an initial state. */
  actionOf(id: number): number {
    return this.actions[id];
  }

  /** Bytes held by the store's arrays: what the visited set and queue cost. */
  get bytes(): number {
    return this.arena.byteLength + this.parents.byteLength + this.actions.byteLength + this.table.byteLength;
  }

  /**
   * Adds the state in `src[offset .. offset + words)` unless it is already stored.
   * Returns its index if it is new, or `-1 - index` of the stored copy if it was seen before.
   */
  insertAt(src: Uint32Array, offset: number, parent: number, action: number): number {
    const words = this.words;
    let slot = hashWords(src, offset, words) & this.mask;
    for (;;) {
      const id = this.table[slot];
      if (id < 0) break;
      if (this.equals(id, src, offset)) return -1 - id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count;
    if (id === this.parents.length) {
      this.grow();
      return this.insertAt(src, offset, parent, action);
    }
    this.arena.set(src.subarray(offset, offset + words), id * words);
    this.parents[id] = parent;
    this.actions[id] = action;
    this.table[slot] = id;
    this.count = id + 1;
    return id;
  }

  private equals(id: number, src: Uint32Array, offset: number): boolean {
    const base = id * this.words;
    for (let w = 0; w < this.words; w++) if (this.arena[base + w] !== src[offset + w]) return false;
    return true;
  }

  /** Doubles every array and rehashes; the table stays at most half full. */
  private grow(): void {
    const capacity = this.parents.length * 2;
    this.arena = extend(this.arena, capacity * this.words);
    this.parents = extend(this.parents, capacity);
    this.actions = extend(this.actions, capacity);
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = hashWords(this.arena, id * this.words, this.words) & this.mask;
      while (this.table[slot] >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
}

function extend<T extends Uint32Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** A 32-bit hash of `buf[base .. base + words)` (murmur3's mixing steps). */
export function hashWords(buf: Uint32Array, base: number, words: number): number {
  let h = 0x9747b28c ^ words;
  for (let w = 0; w < words; w++) {
    let k = Math.imul(buf[base + w], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
