import type { Codec } from '../../encoding/codec.js';
import { fieldMapOf } from '../../encoding/field-map.js';
import { checkEffectResult } from '../purity.js';
import type { RunEffect } from '../dispatch.js';
import { ReadTracer } from './read-tracer.js';

/** The most transitions remembered: enough for every model whose effects read little, a few MiB at most. */
const MAX_ENTRIES = 1 << 16;

/**
 * Transitions made by running effects before the memo starts remembering: a traced run costs
 * some tens of plain ones, which a search this small would not earn back.
 */
const WARM_UP = 2_000;

/** Remembering stops for an action instance once it has missed this often... */
const MISSES_BEFORE_VERDICT = 16;
/** ...while hitting fewer than this many times per miss. */
const HITS_PER_MISS = 4;

/** The first mask of an instance whose effect is no longer traced. */
const UNTRACED = -2;

/**
 * Remembers what each action instance's effect does, as a function of the bits it reads, so
 * that a transition seen before is made from the parent's words alone: no copy of the decoded
 * state, no effect call, no encode. An effect must depend on its state and argument only (the
 * checker requires it, and its audit checks it), so a run that read bits R of a state with
 * values V and wrote bits W with values X gives, from any state whose bits R hold V, the
 * parent's words with bits W set to X. The bits are found by running the effect once on a
 * traced copy (see ReadTracer); an effect that reads most of the state (a counter, a message
 * sequence) hits rarely, and is then run as before, untraced, for the rest of the search.
 *
 * Each expander has its own memo; it changes only how fast successors are made, never which.
 */
export class EffectMemo {
  private readonly words: number;
  private readonly tracer: ReadTracer;
  /** Open addressing over `entry + 1` (0: empty), twice as many slots as entries can be. */
  private slots = new Int32Array(2 * 256);
  /** Per entry: its instance and its read mask's index. */
  private instanceOf = new Int32Array(256);
  private maskOf = new Int32Array(256);
  /** Per entry, `words` words each: the bits read (the parent's, under the mask), the bits written, and their values. */
  private readBits: Int32Array;
  private writeMasks: Int32Array;
  private writeBits: Int32Array;
  private entries = 0;
  /**
   * The read masks, `words` words each. `firstMask[i]` is instance i's first (-1: none yet;
   * UNTRACED: its effect is run on plain copies), `masksOf[i]` all of them, by index: an effect
   * whose reads depend on what it read has several.
   */
  private masks: Int32Array;
  private maskCount = 0;
  private readonly firstMask: Int32Array;
  private readonly masksOf: number[][];
  private readonly hits: Float64Array;
  /** Transitions made so far, up to `warmUp`. */
  private made = 0;
  private readonly misses: Float64Array;

  /**
   * @param codec - the states' codec.
   * @param instances - the number of action instances.
   * @param runEffect - the effect dispatcher.
   * @param warmUp - transitions made by running effects before the memo starts remembering.
   */
  constructor(
    private readonly codec: Codec,
    instances: number,
    private readonly runEffect: RunEffect,
    private readonly warmUp = WARM_UP,
  ) {
    const words = codec.words;
    this.words = words;
    this.tracer = new ReadTracer(fieldMapOf(codec.shape), words);
    this.readBits = new Int32Array(this.instanceOf.length * words);
    this.writeMasks = new Int32Array(this.instanceOf.length * words);
    this.writeBits = new Int32Array(this.instanceOf.length * words);
    this.masks = new Int32Array(16 * words);
    this.masksOf = Array.from({ length: instances }, () => []);
    this.hits = new Float64Array(instances);
    this.misses = new Float64Array(instances);
    this.firstMask = new Int32Array(instances).fill(-1);
  }

  /**
   * Writes the successor by instance `action` of `state`, the decoded state stored at
   * `src[at .. at + words)`, into `out[offset .. offset + words)`: from what the memo
   * remembers if it can, else by running the effect (which throws as the effect throws, or a
   * DomainError when its result leaves the state's domain).
   */
  successor(action: number, state: unknown, src: Uint32Array, at: number, out: Uint32Array, offset: number): void {
    if (this.made < this.warmUp) {
      this.made++;
      return this.runPlain(action, state, out, offset);
    }
    const first = this.firstMask[action];
    if (first === UNTRACED) return this.runPlain(action, state, out, offset);
    let entry = first < 0 ? -1 : this.find(action, first, src, at);
    for (let i = 1, masks = this.masksOf[action]; entry < 0 && i < masks.length; i++) entry = this.find(action, masks[i], src, at);
    if (entry >= 0) {
      const { words, writeMasks, writeBits } = this;
      const base = entry * words;
      for (let w = 0; w < words; w++) out[offset + w] = (src[at + w] & ~writeMasks[base + w]) | writeBits[base + w];
      this.hits[action]++;
      return;
    }
    const misses = ++this.misses[action];
    if (this.entries === MAX_ENTRIES || (misses >= MISSES_BEFORE_VERDICT && this.hits[action] < HITS_PER_MISS * misses)) {
      this.firstMask[action] = UNTRACED;
      return this.runPlain(action, state, out, offset);
    }
    this.runTraced(action, state, src, at, out, offset);
  }

  /** Runs the effect on a copy of `state` and encodes the result. */
  private runPlain(action: number, state: unknown, out: Uint32Array, offset: number): void {
    const next = this.codec.clone(state) as object;
    checkEffectResult(this.runEffect(action, next));
    this.codec.encode(next, out, offset);
  }

  /**
   * Runs the effect on a traced copy of `state` and remembers what it read and wrote. A run
   * the tracer cannot account for, or that throws, is run again plainly: that run's result
   * (or error) is the effect's own, whatever the proxies changed; the instance is no longer
   * traced.
   */
  private runTraced(action: number, state: unknown, src: Uint32Array, at: number, out: Uint32Array, offset: number): void {
    const { tracer } = this;
    const next = this.codec.clone(state) as object;
    try {
      checkEffectResult(this.runEffect(action, tracer.begin(next)));
      this.codec.encode(next, out, offset);
    } catch {
      tracer.traceable = false;
    }
    if (!tracer.traceable) {
      this.firstMask[action] = UNTRACED;
      return this.runPlain(action, state, out, offset);
    }
    this.remember(action, src, at, out, offset);
  }

  /** Stores the traced run of `action` from `src[at]` to `out[offset]`. */
  private remember(action: number, src: Uint32Array, at: number, out: Uint32Array, offset: number): void {
    const { words, tracer } = this;
    if (this.entries === this.instanceOf.length) this.grow();
    const mask = this.maskIndex(action, tracer.reads);
    const entry = this.entries++;
    const base = entry * words;
    this.instanceOf[entry] = action;
    this.maskOf[entry] = mask;
    for (let w = 0; w < words; w++) {
      this.readBits[base + w] = src[at + w] & tracer.reads[w];
      this.writeMasks[base + w] = tracer.writes[w];
      this.writeBits[base + w] = out[offset + w] & tracer.writes[w];
    }
    this.place(entry);
  }

  /** Puts `entry` in the first free slot from its home. */
  private place(entry: number): void {
    const last = this.slots.length - 1;
    let slot = this.slotHash(this.instanceOf[entry], this.maskOf[entry], this.readBits, entry * this.words);
    while (this.slots[slot] !== 0) slot = (slot + 1) & last;
    this.slots[slot] = entry + 1;
  }

  /** Doubles the room for entries. */
  private grow(): void {
    const words = this.words;
    const room = this.instanceOf.length * 2;
    const bigger = (old: Int32Array, size: number): Int32Array<ArrayBuffer> => {
      const array = new Int32Array(size);
      array.set(old);
      return array;
    };
    this.instanceOf = bigger(this.instanceOf, room);
    this.maskOf = bigger(this.maskOf, room);
    this.readBits = bigger(this.readBits, room * words);
    this.writeMasks = bigger(this.writeMasks, room * words);
    this.writeBits = bigger(this.writeBits, room * words);
    this.slots = new Int32Array(2 * room);
    for (let entry = 0; entry < this.entries; entry++) this.place(entry);
  }

  /** The entry of `action` under read mask `mask` that the state at `src[at]` matches, or -1. */
  private find(action: number, mask: number, src: Uint32Array, at: number): number {
    const { words, masks, slots, readBits, instanceOf, maskOf } = this;
    const last = slots.length - 1;
    const m = mask * words;
    for (let slot = this.slotHash(action, mask, src, at), e = slots[slot]; e !== 0; slot = (slot + 1) & last, e = slots[slot]) {
      const entry = e - 1;
      if (instanceOf[entry] !== action || maskOf[entry] !== mask) continue;
      const base = entry * words;
      let w = 0;
      while (w < words && (src[at + w] & masks[m + w]) === readBits[base + w]) w++;
      if (w === words) return entry;
    }
    return -1;
  }

  /** The home slot of `action`'s entry for the bits of `bits[at]` under read mask `mask`. */
  private slotHash(action: number, mask: number, bits: Uint32Array | Int32Array, at: number): number {
    const { words, masks } = this;
    const m = mask * words;
    let h = Math.imul(action ^ 0x9e3779b9, 0x85ebca6b) ^ mask;
    for (let w = 0; w < words; w++) {
      h = Math.imul(h ^ (bits[at + w] & masks[m + w]), 0xcc9e2d51);
      h ^= h >>> 15;
    }
    return (h ^ (h >>> 13)) & (this.slots.length - 1);
  }

  /** The index of read mask `reads` among `action`'s masks, added if new. */
  private maskIndex(action: number, reads: Uint32Array): number {
    const { words } = this;
    const own = this.masksOf[action].find((mask) => reads.every((bits, w) => this.masks[mask * words + w] === (bits | 0)));
    if (own !== undefined) return own;
    if ((this.maskCount + 1) * words > this.masks.length) {
      const bigger = new Int32Array(this.masks.length * 2);
      bigger.set(this.masks);
      this.masks = bigger;
    }
    const mask = this.maskCount++;
    this.masks.set(reads, mask * words);
    this.masksOf[action].push(mask);
    if (this.firstMask[action] === -1) this.firstMask[action] = mask;
    return mask;
  }
}
