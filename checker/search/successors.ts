/** Set on a successor's action word when the successor is a state already stored: no words follow. */
export const KNOWN = 0x80000000;

/**
 * What expanding a run of states produced, in order, in one growable word buffer: for each
 * state, the number of its successors, then for each successor the action instance that led
 * to it and its encoded words (or, with the KNOWN bit set on the action, no words: a worker
 * knew the state is already stored). It is the unit of work a search driver inserts into the
 * store, and what a worker thread hands back.
 */
export class Successors {
  /** The records; valid up to `length`. */
  data: Uint32Array;
  /** Words written. */
  length = 0;

  /** @param words - words per encoded state. */
  constructor(readonly words: number, capacity = 1 << 16) {
    this.data = new Uint32Array(capacity);
  }

  /** Empties the buffer for reuse. */
  clear(): void {
    this.length = 0;
  }

  /** Starts the record of one expanded state; returns where its successor count goes. */
  beginState(): number {
    this.reserve(1);
    this.data[this.length] = 0;
    return this.length++;
  }

  /** Makes room for one successor of the state begun at `header`; returns the offset for its words. */
  addSuccessor(header: number, action: number): number {
    this.reserve(1 + this.words);
    this.data[header]++;
    this.data[this.length] = action;
    const offset = this.length + 1;
    this.length += 1 + this.words;
    return offset;
  }

  /**
   * Turns the successor whose words start at `offset`, the last one added, into a known state:
   * its action word gets the KNOWN bit and its words are dropped.
   */
  markKnown(offset: number): void {
    this.data[offset - 1] = (this.data[offset - 1] | KNOWN) >>> 0;
    this.length = offset;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = new Uint32Array(Math.max(this.data.length * 2, this.length + n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}
