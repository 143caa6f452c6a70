/**
 * XXH64 (Yann Collet's xxHash, 64-bit) of a run of 32-bit words read as little-endian bytes,
 * in plain 32-bit arithmetic: a 64-bit value is a pair of unsigned 32-bit halves, so no BigInt
 * and no allocation per call. It is the state fingerprint of `--fingerprint` mode: unlike two
 * 32-bit murmur3 hashes with different seeds, it has no known seed-independent collisions.
 * Tested against the reference implementation (xxhash-wasm) in test/checker/xxh64.test.ts.
 */

// The five primes of XXH64, as [high, low] halves.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

// The result of the last 64-bit operation: module-level registers instead of a returned pair.
let hi = 0;
let lo = 0;

/** [hi, lo] = a * b mod 2^64. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33, exact in a double
  const low = a0 * b0 + (mid % 0x10000) * 0x10000; // < 2^33
  lo = low >>> 0;
  hi = (a1 * b1 + Math.floor(mid / 0x10000) + Math.floor(low / 0x100000000) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** [hi, lo] = a + b mod 2^64. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const low = al + bl;
  lo = low >>> 0;
  hi = (ah + bh + (low > 0xffffffff ? 1 : 0)) >>> 0;
}

/** [hi, lo] = a rotated left by r bits, 0 < r < 32. */
function rotl(ah: number, al: number, r: number): void {
  hi = ((ah << r) | (al >>> (32 - r))) >>> 0;
  lo = ((al << r) | (ah >>> (32 - r))) >>> 0;
}

/** [hi, lo] = round(acc, lane) = rotl(acc + lane * P2, 31) * P1. */
function round(acch: number, accl: number, laneh: number, lanel: number): void {
  mul(laneh, lanel, P2H, P2L);
  add(acch, accl, hi, lo);
  rotl(hi, lo, 31);
  mul(hi, lo, P1H, P1L);
}

/** [hi, lo] = (acc ^ round(0, v)) * P1 + P4: folds one of the four accumulators into the hash. */
function merge(acch: number, accl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((acch ^ hi) >>> 0, (accl ^ lo) >>> 0, P1H, P1L);
  add(hi, lo, P4H, P4L);
}

/**
 * The XXH64 hash, with seed 0, of the `4 * words` bytes of `buf[base .. base + words)` (each
 * word little-endian). Returns the low 32 bits; the high 32 bits are then in `xxh64High()`.
 */
export function xxh64(buf: Uint32Array, base: number, words: number): number {
  let p = base;
  const end = base + words;
  let hh: number, hl: number;
  if (words >= 8) {
    // Four accumulators over 32-byte stripes: seed + P1 + P2, seed + P2, seed, seed - P1.
    add(P1H, P1L, P2H, P2L);
    let v1h = hi, v1l = lo;
    let v2h = P2H, v2l = P2L;
    let v3h = 0, v3l = 0;
    let v4h = ~P1H >>> 0, v4l = -P1L >>> 0; // -P1 in two's complement (P1's low half is not 0)
    for (; p + 8 <= end; p += 8) {
      round(v1h, v1l, buf[p + 1], buf[p]);
      v1h = hi; v1l = lo;
      round(v2h, v2l, buf[p + 3], buf[p + 2]);
      v2h = hi; v2l = lo;
      round(v3h, v3l, buf[p + 5], buf[p + 4]);
      v3h = hi; v3l = lo;
      round(v4h, v4l, buf[p + 7], buf[p + 6]);
      v4h = hi; v4l = lo;
    }
    rotl(v1h, v1l, 1);
    let sh = hi, sl = lo;
    rotl(v2h, v2l, 7);
    add(sh, sl, hi, lo);
    sh = hi; sl = lo;
    rotl(v3h, v3l, 12);
    add(sh, sl, hi, lo);
    sh = hi; sl = lo;
    rotl(v4h, v4l, 18);
    add(sh, sl, hi, lo);
    merge(hi, lo, v1h, v1l);
    merge(hi, lo, v2h, v2l);
    merge(hi, lo, v3h, v3l);
    merge(hi, lo, v4h, v4l);
    hh = hi; hl = lo;
  } else {
    hh = P5H; hl = P5L;
  }
  add(hh, hl, 0, words * 4);
  hh = hi; hl = lo;
  for (; p + 2 <= end; p += 2) {
    round(0, 0, buf[p + 1], buf[p]);
    rotl((hh ^ hi) >>> 0, (hl ^ lo) >>> 0, 27);
    mul(hi, lo, P1H, P1L);
    add(hi, lo, P4H, P4L);
    hh = hi; hl = lo;
  }
  if (p < end) {
    mul(0, buf[p], P1H, P1L);
    rotl((hh ^ hi) >>> 0, (hl ^ lo) >>> 0, 23);
    mul(hi, lo, P2H, P2L);
    add(hi, lo, P3H, P3L);
    hh = hi; hl = lo;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  mul(hh, (hl ^ (hh >>> 1)) >>> 0, P2H, P2L);
  mul((hi ^ (hi >>> 29)) >>> 0, (lo ^ ((lo >>> 29) | (hi << 3))) >>> 0, P3H, P3L);
  high = hi;
  return (lo ^ hi) >>> 0; // the last step, h ^= h >> 32, changes only the low half
}

let high = 0;

/** The high 32 bits of the hash `xxh64` computed last. */
export function xxh64High(): number {
  return high;
}
