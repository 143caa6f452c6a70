import { randomInt } from 'node:crypto';

/** The largest seed: seeds are whole numbers from 0 to 2^32 - 1. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32): the same seed
 * gives the same numbers on every machine and every Node version, which `Math.random` does not
 * promise. A simulation's runs and a swarm's jobs each get a generator of their own, derived
 * from the user's seed and their number, so one run can be replayed without the runs before it.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for stream `stream` of seed `seed` (both whole numbers below 2^32). */
  constructor(seed: number, stream = 0) {
    let x = mix(seed >>> 0, stream >>> 0);
    const next = (): number => (x = (x + 0x9e3779b9) | 0, splitmix32(x));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // xoshiro's state must not be all zero; splitmix32 makes that all but impossible, but cheap to rule out.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32 random bits, as a whole number below 2^32. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /**
   * A whole number from 0 to n - 1 (n at most 2^32), by multiplying 32 random bits by n: the
   * bias is below n / 2^32, nothing for the few enabled actions of a state.
   */
  below(n: number): number {
    return Math.floor((this.next() * n) / 2 ** 32);
  }

  /** The numbers 0 .. n - 1 in a random order (Fisher–Yates). */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}

/** The seed of item `index` (a swarm's job) of seed `seed`: a whole number below 2^32. */
export function deriveSeed(seed: number, index: number): number {
  return new Random(seed, index).next();
}

/** A fresh seed for a run the user gave none: printed with the result, so it can be given again. */
export function freshSeed(): number {
  return randomInt(MAX_SEED + 1);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32's output function: a bijection of 32-bit words that spreads every input bit. */
function splitmix32(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Two words into one starting point, so that (seed, stream) pairs do not share streams. */
function mix(seed: number, stream: number): number {
  return splitmix32(seed ^ splitmix32(stream + 0x6a09e667));
}
