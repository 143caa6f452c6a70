import { hashWords } from '../../store/state-store.js';

/**
 * A worker's small, lossy memory of states it knows are already in the main thread's store:
 * the states it expanded, and the successors it sent in earlier records. Main ingests records
 * in the order they were made, so by the time it reads a successor this worker has seen
 * before, the earlier copy is stored: the worker may send "a known state" instead of its
 * words, and main counts the transition without a hash-table lookup. Direct-mapped: a newer
 * state evicts an older one with the same slot, which only costs a missed shortcut.
 */
export class KnownStates {
  private readonly slots: Uint32Array;
  private readonly filled: Uint8Array;
  private readonly mask: number;

  /** @param words - words per encoded state. */
  constructor(private readonly words: number, slotBits = 18) {
    this.slots = new Uint32Array((1 << slotBits) * words);
    this.filled = new Uint8Array(1 << slotBits);
    this.mask = (1 << slotBits) - 1;
  }

  /** Remembers the state at `src[offset ..]`; returns true if it was remembered already. */
  remember(src: Uint32Array, offset: number): boolean {
    const words = this.words;
    const slot = hashWords(src, offset, words) & this.mask;
    const at = slot * words;
    if (this.filled[slot] === 1) {
      let same = true;
      for (let w = 0; w < words && same; w++) same = this.slots[at + w] === src[offset + w];
      if (same) return true;
    }
    for (let w = 0; w < words; w++) this.slots[at + w] = src[offset + w];
    this.filled[slot] = 1;
    return false;
  }
}
