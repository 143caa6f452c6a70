import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import xxhash from 'xxhash-wasm';
import { xxh64, xxh64High } from '../../checker/store/xxh64.js';

/** Our port's 64-bit hash of the words, as a BigInt. */
function ported(words: Uint32Array): bigint {
  const low = xxh64(words, 0, words.length);
  return (BigInt(xxh64High()) << 32n) | BigInt(low);
}

describe('XXH64 of state words', () => {
  it('matches the reference implementation on every length, across the 32-byte stripe boundary', async () => {
    const { h64Raw } = await xxhash();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 40 }), (list) => {
        const words = Uint32Array.from(list);
        expect(ported(words)).toBe(h64Raw(new Uint8Array(words.buffer), 0n));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the published value for the empty input', () => {
    expect(ported(new Uint32Array(0))).toBe(0xef46db3751d8e999n);
  });

  it('reads the words in place, at any offset', async () => {
    const { h64Raw } = await xxhash();
    const buf = Uint32Array.from([7, 1, 2, 3, 9]);
    const low = xxh64(buf, 1, 3);
    expect((BigInt(xxh64High()) << 32n) | BigInt(low)).toBe(h64Raw(new Uint8Array(buf.buffer, 4, 12), 0n));
  });
});
