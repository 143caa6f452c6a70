import { StateStore } from './state-store.js';
import { xxh64, xxh64High } from './xxh64.js';

/**
 * A store that tells states apart by 64-bit fingerprints alone, as TLC does, for state spaces
 * whose full states do not fit in memory. A state's words are kept only until it is expanded
 * (the breadth-first frontier); after that the store holds its fingerprint and its parent,
 * 12 bytes plus its hash-table slot, however wide the state.
 *
 * Two distinct states with the same fingerprint count as one, and the second is never
 * explored: a search with this store is exhaustive only up to fingerprint collisions.
 * Traces stay real: they are rebuilt by re-firing actions from an initial state and following
 * the successor whose fingerprint matches each stored state's (see trace/path.ts).
 */
export class FingerprintStore extends StateStore {
  private readonly fingerprints: Uint32Array[] = [];
  /** Segments below this one have had their words dropped. */
  private released = 0;
  /** The fingerprint computed last, by `hashIn`. */
  private low = 0;
  private high = 0;

  override get bytes(): number {
    return super.bytes + this.fingerprints.length * (this.segmentMask + 1) * 8;
  }

  /**
   * Whether stored state `id` is the state at `src[offset]`: by its words while they are kept,
   * after that by its fingerprint.
   */
  override matches(id: number, src: Uint32Array, offset: number): boolean {
    if (id >>> this.segmentShift >= this.released) return super.equals(id, src, offset);
    this.hashIn(src, offset);
    return this.equals(id, src, offset);
  }

  /** Drops the words of every segment whose states all lie below `id`. */
  override release(id: number): void {
    const below = id >>> this.segmentShift;
    for (; this.released < below; this.released++) this.states[this.released] = new Uint32Array(0);
  }

  /**
   * The state's fingerprint is its XXH64 hash; its low half also places it in the table (the
   * table hash of a state whose words are dropped is its stored fingerprint's, so the given
   * `hashWords` is not used).
   */
  protected override hashIn(src: Uint32Array, offset: number, _hash?: number): number {
    this.low = xxh64(src, offset, this.words);
    this.high = xxh64High();
    return this.low;
  }

  protected override hashOf(id: number): number {
    return this.fingerprints[id >>> this.segmentShift][(id & this.segmentMask) * 2];
  }

  protected override added(id: number): void {
    const segment = id >>> this.segmentShift;
    if (segment === this.fingerprints.length) this.fingerprints.push(new Uint32Array((this.segmentMask + 1) * 2));
    const at = (id & this.segmentMask) * 2;
    this.fingerprints[segment][at] = this.low;
    this.fingerprints[segment][at + 1] = this.high;
  }

  protected override equals(id: number, _src: Uint32Array, _offset: number): boolean {
    const at = (id & this.segmentMask) * 2;
    const fingerprint = this.fingerprints[id >>> this.segmentShift];
    return fingerprint[at] === this.low && fingerprint[at + 1] === this.high;
  }
}

/**
 * An upper estimate of the probability that a search with fingerprints merged two distinct
 * states: each of its `transitions` look-ups could have matched any of the `states` stored
 * fingerprints by accident, each with probability 2^-64 (the union bound; TLC's "optimistic"
 * estimate is of the same form).
 */
export function collisionProbability(states: number, transitions: number): number {
  return Math.min(1, (states * transitions) / 2 ** 64);
}
