import type { Codec } from '../encoding/codec.js';
import { permuteFor, signatureFor, signatureIsComplete, type Permute, type Signature } from './generate.js';
import type { SymmetricSet } from './sets.js';

/**
 * How a state is turned into the representative of its orbit:
 * - `exact`: the least encoding among the state's images under the permutations that sort its
 *   ids by signature. Every state of an orbit has the same set of such images, so the whole
 *   orbit gets one representative: the number of stored states is the number of orbits.
 *   Ids with equal signatures are tried in every order, so a state whose ids are all alike
 *   costs up to n! permutations.
 * - `fast`: one permutation, the one that sorts the ids by signature (ties kept in id order),
 *   as Murphi's heuristic normalisation. Sound (it never merges two orbits: the result is in
 *   the state's own orbit) but an orbit may keep several representatives.
 */
export type SymmetryForm = 'exact' | 'fast';

/** The symmetry reduction of one state schema: canonical forms under its scalarsets' permutations. */
export class Symmetry {
  private readonly permute: Permute;
  private readonly signatures: Signature[];
  /** Per set: whether ids with equal signatures hold equal data (their order then changes nothing). */
  private readonly complete: boolean[];
  private readonly perms: Int32Array[];
  private readonly order: number[][];
  private readonly keys: (number | number[])[][];
  private readonly candidate: Uint32Array;
  private readonly best: Uint32Array;
  private found = false;

  constructor(private readonly codec: Codec, readonly sets: readonly SymmetricSet[], readonly form: SymmetryForm) {
    this.permute = permuteFor(codec.shape, sets);
    this.signatures = sets.map((set) => signatureFor(codec.shape, set));
    this.complete = sets.map((set) => signatureIsComplete(codec.shape, set.name));
    this.perms = sets.map((set) => new Int32Array(set.size));
    this.order = sets.map((set) => Array.from({ length: set.size }, (_, i) => i));
    this.keys = sets.map((set) => new Array(set.size));
    this.candidate = new Uint32Array(codec.words);
    this.best = new Uint32Array(codec.words);
  }

  /**
   * Writes the words of the representative of `state`'s orbit into `out[offset ..]`. The state
   * must be in its domain (encode it first: an error then names the field as the model wrote it).
   */
  canonicalInto(state: unknown, out: Uint32Array, offset: number): void {
    const ties = this.sortIds(state);
    if (this.form === 'fast' || !ties) {
      this.codec.encode(this.permute(state, this.perms), out, offset);
      return;
    }
    this.found = false;
    this.tryOrders(state, 0, 0);
    out.set(this.best, offset);
  }

  /**
   * Sorts each set's ids by signature into `order`, and sets `perms` to the permutation that
   * puts them in that order. Returns whether any two ids of a set have equal signatures.
   */
  private sortIds(state: unknown): boolean {
    let ties = false;
    for (let k = 0; k < this.sets.length; k++) {
      const keys = this.keys[k];
      const order = this.order[k];
      const signature = this.signatures[k];
      for (let i = 0; i < keys.length; i++) {
        keys[i] = signature(state, i);
        order[i] = i;
      }
      order.sort((a, b) => compareKeys(keys[a], keys[b]) || a - b);
      const perm = this.perms[k];
      for (let j = 0; j < order.length; j++) {
        perm[order[j]] = j;
        if (j > 0 && !this.complete[k] && compareKeys(keys[order[j - 1]], keys[order[j]]) === 0) ties = true;
      }
    }
    return ties;
  }

  /**
   * Tries every order of the ids within each run of equal signatures, from position `from` of
   * set `k` on, keeping the least encoding in `best`.
   */
  private tryOrders(state: unknown, k: number, from: number): void {
    if (k === this.sets.length) {
      this.codec.encode(this.permute(state, this.perms), this.candidate, 0);
      if (!this.found || lessThan(this.candidate, this.best)) {
        this.best.set(this.candidate);
        this.found = true;
      }
      return;
    }
    const order = this.order[k];
    const keys = this.keys[k];
    if (from === order.length || this.complete[k]) return this.tryOrders(state, k + 1, 0);
    let to = from + 1;
    while (to < order.length && compareKeys(keys[order[from]], keys[order[to]]) === 0) to++;
    if (to - from === 1) return this.tryOrders(state, k, to);
    // Heap's algorithm over the run's ids, giving them positions from..to-1 in every order.
    const run = order.slice(from, to);
    const perm = this.perms[k];
    const place = (): void => run.forEach((id, j) => (perm[id] = from + j));
    const c = new Array<number>(run.length).fill(0);
    place();
    this.tryOrders(state, k, to);
    for (let i = 1; i < run.length; ) {
      if (c[i] < i) {
        const j = i % 2 === 0 ? 0 : c[i];
        [run[j], run[i]] = [run[i], run[j]];
        place();
        this.tryOrders(state, k, to);
        c[i]++;
        i = 1;
      } else {
        c[i] = 0;
        i++;
      }
    }
  }
}

function compareKeys(a: number | number[], b: number | number[]): number {
  if (typeof a === 'number') return a - (b as number);
  const bs = b as number[];
  for (let i = 0; i < a.length; i++) if (a[i] !== bs[i]) return a[i] - bs[i];
  return 0;
}

function lessThan(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
