/**
 * What expanding a run of states produced, in order, in one growable word buffer: for each
 * state, the number of its successors, then for each successor the action instance that led
 * to it, its table hash (`hashWords` of its words, computed once by the expander, so that a
 * store never hashes it again) and its encoded words:
 * `[count] ([action][hash][words...])*`. It is the unit of work a search driver inserts into
 * the store, and what a worker thread hands back.
 */
export class Successors {
  /** Words in front of a successor's state words: its action, then its hash. */
  static readonly HEAD = 2;
  /** The records; valid up to `length`. */
  data: Uint32Array;
  /** Words written. */
  length = 0;

  /**
   * @param words - words per encoded state.
   * @param buffer - the initial capacity in words, or an array to write into (it grows as needed).
   */
  constructor(readonly words: number, buffer: number | Uint32Array = 1 << 16) {
    this.data = typeof buffer === 'number' ? new Uint32Array(buffer) : buffer;
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

  /**
   * Makes room for one successor of the state begun at `header`; returns the offset for its
   * words. Its hash (at `offset - 1`) is set by `setHash` once the words are final.
   */
  addSuccessor(header: number, action: number): number {
    this.reserve(Successors.HEAD + this.words);
    this.data[header]++;
    this.data[this.length] = action;
    const offset = this.length + Successors.HEAD;
    this.length = offset + this.words;
    return offset;
  }

  /** Records the table hash of the successor whose words are at `offset`. */
  setHash(offset: number, hash: number): void {
    this.data[offset - 1] = hash;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = new Uint32Array(Math.max(this.data.length * 2, this.length + n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}
