// The shuffle's numbers: seedrandom's Alea, stepped by softgrad (in WebAssembly where it loads, in TypeScript
// otherwise), must give seedrandom's own numbers bit for bit, so a seed gives the same order everywhere.
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { OFFSETS_MAX, ShuffleDraws } from '../src/data/shuffle-draws.js';

/** seedrandom's offsets j - i of Fisher-Yates steps from..from+count-1 of n, after `skip` numbers. */
function referenceOffsets(seed: string, skip: number, from: number, count: number, n: number): number[] {
  const u = seedrandom.alea(seed).double;
  for (let k = 0; k < skip; k++) u();
  return Array.from({ length: count }, (_, k) => Math.floor(u() * (n - from - k)));
}

describe('ShuffleDraws', () => {
  test('next() is seedrandom.alea(seed).double(), bit for bit', () => {
    for (const seed of ['0', '0.5', '0.8444218515250481', 'user seed', '']) {
      const ours = new ShuffleDraws(seed);
      const reference = seedrandom.alea(seed).double;
      for (let k = 0; k < 10_000; k++) expect(Object.is(ours.next(), reference())).toBe(true);
    }
  });

  test('the WebAssembly draws load here (Node 20 has WebAssembly)', () => {
    // Not a given under SOFTGRAD_KERNELS=js, which keeps softgrad to TypeScript.
    if (process.env.SOFTGRAD_KERNELS === 'js') return;
    const draws = new ShuffleDraws('x') as unknown as { useWasm: boolean };
    expect(draws.useWasm).toBe(true);
  });

  test.each([true, false])('offsets (WebAssembly: %s) are the Fisher-Yates steps on seedrandom numbers, mixed with next()', (useWasm) => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 - 2 }),
        fc.integer({ min: 1, max: OFFSETS_MAX }),
        (seed, skip, from, wanted) => {
          const count = Math.min(wanted, 2 ** 31 - 1 - from);
          const n = from + count + (from % 1000);
          const ours = new ShuffleDraws(seed, useWasm);
          for (let k = 0; k < skip; k++) ours.next();
          const offsets = Array.from(ours.offsets(from, count, n).subarray(0, count));
          expect(offsets).toEqual(referenceOffsets(seed, skip, from, count, n));
          // The state moved on by exactly 2 * count steps: the next number is seedrandom's next.
          const reference = seedrandom.alea(seed).double;
          for (let k = 0; k < skip + count; k++) reference();
          expect(Object.is(ours.next(), reference())).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('more than OFFSETS_MAX offsets at once is refused; an order of 2^31 or more rows draws them right', () => {
    expect(() => new ShuffleDraws('x').offsets(0, OFFSETS_MAX + 1, 10_000)).toThrow(RangeError);
    for (const n of [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 12_345]) {
      const got = [...new ShuffleDraws('big').offsets(7, 50, n).subarray(0, 50)];
      expect(got).toEqual(referenceOffsets('big', 0, 7, 50, n));
    }
  });

  test('each ShuffleDraws keeps its own state: two interleaved give what each gives alone', () => {
    const a = new ShuffleDraws('a');
    const b = new ShuffleDraws('b');
    const fromA = [...a.offsets(0, 100, 1000).subarray(0, 100)];
    const fromB = [...b.offsets(0, 100, 1000).subarray(0, 100)];
    const moreA = [...a.offsets(100, 100, 1000).subarray(0, 100)];
    expect(fromA).toEqual(referenceOffsets('a', 0, 0, 100, 1000));
    expect(fromB).toEqual(referenceOffsets('b', 0, 0, 100, 1000));
    expect(moreA).toEqual(referenceOffsets('a', 100, 100, 100, 1000));
  });
});
