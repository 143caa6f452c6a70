import { InterleaveError } from '../errors.js';

/**
 * The visited set and the search queue in one: every distinct state, encoded, in the order it
 * was first reached. Breadth-first search expands states in that order, so the queue is just a
 * cursor into the store. Per state it also keeps the parent's index, which is all a trace
 * needs (the action between a parent and its child is found again by re-firing the parent's
 * actions: see trace/path.ts).
 *
 * Everything lives in typed arrays: states and parent links in fixed-size segments (growth
 * allocates a new segment and copies nothing) and an open-addressing hash table of state
 * indices tagged with hash bits, at most three quarters full. No JS object per state.
 */
export class StateStore {
  /** How many distinct states are stored. */
  count = 0;
  protected readonly segmentShift: number;
  protected readonly segmentMask: number;
  protected readonly states: Uint32Array[] = [];
  private readonly parents: Int32Array[] = [];
  /**
   * The hash table: 0 for an empty slot, else the state's index plus one in the low `idBits`
   * bits and the top bits of its hash above them, so that most probes need no state read.
   */
  private table: Uint32Array;
  private mask: number;
  private idBits: number;

  /**
   * @param words - words per encoded state.
   * @param segmentShift - log2 of the states per segment.
   */
  constructor(readonly words: number, segmentShift = 16) {
    this.segmentShift = segmentShift;
    this.segmentMask = (1 << segmentShift) - 1;
    this.idBits = 12;
    this.table = new Uint32Array(1 << this.idBits);
    this.mask = this.table.length - 1;
  }

  /** The segment holding state `id`, where it starts at `offsetOf(id)`. */
  segmentOf(id: number): Uint32Array {
    return this.states[id >>> this.segmentShift];
  }

  /** Where state `id` starts in its segment. */
  offsetOf(id: number): number {
    return (id & this.segmentMask) * this.words;
  }

  /** How many states from `id` on lie in the same segment. */
  runFrom(id: number): number {
    return this.segmentMask + 1 - (id & this.segmentMask);
  }

  /** The state that `id` was first reached from, or -1 for an initial state. */
  parentOf(id: number): number {
    return this.parents[id >>> this.segmentShift][id & this.segmentMask];
  }

  /** Bytes held by the store's arrays: what the visited set and queue cost. */
  get bytes(): number {
    const parents = this.parents.length * (this.segmentMask + 1) * 4;
    return this.states.reduce((sum, s) => sum + s.byteLength, parents + this.table.byteLength);
  }

  /** Whether stored state `id` is the state in `src[offset .. offset + words)`. */
  matches(id: number, src: Uint32Array, offset: number): boolean {
    return this.equals(id, src, offset);
  }

  /**
   * Says that states below `id` will not be read again by the search. The exact store keeps
   * them all (traces and the liveness check decode them); a fingerprint store drops them.
   */
  release(_id: number): void {}

  /**
   * Adds the state in `src[offset .. offset + words)` unless it is already stored.
   * Returns its index if it is new, or `-1 - index` of the stored copy if it was seen before.
   * `hash` is the state's `hashWords`, computed once where the state was made (the expander
   * puts it in the Successors record).
   */
  insertAt(src: Uint32Array, offset: number, parent: number, hash: number): number {
    const words = this.words;
    hash = this.hashIn(src, offset, hash);
    const idBits = this.idBits;
    const tag = hash >>> idBits;
    const idMask = this.mask;
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) break;
      if (entry >>> idBits === tag) {
        const id = (entry & idMask) - 1;
        if (this.equals(id, src, offset)) return -1 - id;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.count;
    const segment = id >>> this.segmentShift;
    if (segment === this.states.length) {
      this.states.push(new Uint32Array((this.segmentMask + 1) * words));
      this.parents.push(new Int32Array(this.segmentMask + 1));
    }
    const at = (id & this.segmentMask) * words;
    const states = this.states[segment];
    for (let w = 0; w < words; w++) states[at + w] = src[offset + w];
    this.parents[segment][id & this.segmentMask] = parent;
    this.added(id);
    this.table[slot] = ((tag << idBits) | (id + 1)) >>> 0;
    this.count = id + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return id;
  }

  /**
   * Reads the table slot where a state with table hash `hash` is looked for, and returns it
   * (the caller keeps it, so the read is not optimised away). Reading the slots of a batch's
   * successors before inserting them lets their cache misses overlap rather than come one at
   * a time.
   */
  warm(hash: number): number {
    return this.table[hash & this.mask];
  }

  /** The hash that places the state in `src` at `offset` in the table, given its `hashWords`. */
  protected hashIn(_src: Uint32Array, _offset: number, hash: number): number {
    return hash;
  }

  /** The table hash of stored state `id`, for rehashing. */
  protected hashOf(id: number): number {
    return hashWords(this.segmentOf(id), this.offsetOf(id), this.words);
  }

  /** Called once state `id` is stored: the state whose hash was computed last. */
  protected added(_id: number): void {}

  /** Whether stored state `id` equals the state at `src[offset]`, whose hash was computed last. */
  protected equals(id: number, src: Uint32Array, offset: number): boolean {
    const states = this.states[id >>> this.segmentShift];
    const at = (id & this.segmentMask) * this.words;
    for (let w = 0; w < this.words; w++) if (states[at + w] !== src[offset + w]) return false;
    return true;
  }

  /**
   * Doubles the hash table, keeping it at most three quarters full: the hash bits in the slots
   * keep probes cheap. Each index gains a bit and each slot's hash loses one.
   */
  private rehash(): void {
    if (this.idBits === 30) throw new InterleaveError('the state store is full (2^30 hash slots): bound the search with --max-states');
    this.idBits++;
    this.table = new Uint32Array(1 << this.idBits);
    this.mask = this.table.length - 1;
    for (let id = 0; id < this.count; id++) {
      const hash = this.hashOf(id);
      let slot = hash & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = (((hash >>> this.idBits) << this.idBits) | (id + 1)) >>> 0;
    }
  }
}

/** A 32-bit hash of `buf[base .. base + words)` (murmur3's mixing steps), to place states in the table. */
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
