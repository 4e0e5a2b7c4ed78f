// The seeded shuffle behind batches, streams, splits and folds: textbook Fisher-Yates on seedrandom's Alea,
// every order equally likely, the same order whether settled at once or batch by batch.
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { batches, Tensor, type Dataset } from '../src/index.js';
import { permutation, RandomOrder, shuffleDraws, shuffleInPlace } from '../src/data/shuffle.js';
import { makeRng } from '../src/tensor/random.js';

/**
 * The reference: Durstenfeld's Fisher-Yates from the front over [0, n), position i swapping with
 * i + floor(u * (n - i)), u being seedrandom's Alea (53-bit `double()`) keyed by the string of one number of `rng`.
 */
function textbookShuffle(n: number, rng: () => number): number[] {
  const u = seedrandom.alea(String(rng())).double;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(u() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The orders of `count` successive shuffles of `n` from one seeded stream, as strings. */
function orderCounts(n: number, count: number, seed: string): Map<string, number> {
  const rng = makeRng(seed);
  const counts = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    const key = permutation(n, rng).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Pearson's chi-square statistic of observed counts against equal expected counts over `cells` cells. */
function chiSquare(observed: Iterable<number>, cells: number, total: number): number {
  const expected = total / cells;
  let sum = 0;
  let seen = 0;
  for (const o of observed) {
    sum += (o - expected) ** 2 / expected;
    seen++;
  }
  return sum + (cells - seen) * expected; // cells never observed
}

describe('shuffle', () => {
  test.each([0, 1, 2, 7, 150, 1000])('the order of %d items is textbook Fisher-Yates on seedrandom Alea keyed from the stream', (n) => {
    const ours = makeRng('shuffle');
    const reference = makeRng('shuffle');
    for (let k = 0; k < 3; k++) expect(Array.from(permutation(n, ours))).toEqual(textbookShuffle(n, reference));
  });

  test('every order of 4 items equally likely: chi-square over 24,000 shuffles below the 0.1% critical value', () => {
    const total = 24_000;
    const counts = orderCounts(4, total, 'uniform');
    expect(counts.size).toBe(24);
    // 23 degrees of freedom: P(chi2 > 49.73) = 0.001.
    expect(chiSquare(counts.values(), 24, total)).toBeLessThan(49.73);
  });

  test('every item equally likely at every position of 10: chi-square per position below the 0.1% critical value', () => {
    const n = 10;
    const total = 20_000;
    const rng = makeRng('positions');
    const atPosition = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let k = 0; k < total; k++) permutation(n, rng).forEach((item, position) => atPosition[position][item]++);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
    for (const row of atPosition) expect(chiSquare(row, n, total)).toBeLessThan(27.88);
  });

  test('property: settling the order in any pieces (in any order, past the end) gives the order settled at once', () => {
    const problem = fc.record({
      n: fc.integer({ min: 0, max: 300 }),
      cuts: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(problem, ({ n, cuts, seed }) => {
        const pieces = new RandomOrder(n, shuffleDraws(makeRng(seed)));
        for (const cut of cuts) pieces.settleTo(cut);
        pieces.settleTo(n);
        expect(Array.from(pieces.order)).toEqual(Array.from(permutation(n, makeRng(seed))));
      }),
      { numRuns: 200 },
    );
  });

  test('settled positions keep their numbers while later ones are settled', () => {
    const random = new RandomOrder(50, shuffleDraws(makeRng(3)));
    random.settleTo(20);
    const first = Array.from(random.order.subarray(0, 20));
    random.settleTo(50);
    expect(Array.from(random.order.subarray(0, 20))).toEqual(first);
    expect([...random.order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('an RNG passed in is drawn once per shuffle, however many items', () => {
    for (const n of [0, 5, 10_000]) {
      const inner = seedrandom('user');
      let calls = 0;
      const counted = (): number => (calls++, inner());
      permutation(n, counted);
      expect(calls).toBe(1);
      expect(Array.from(permutation(n, seedrandom('user')))).toEqual(textbookShuffle(n, seedrandom('user')));
    }
  });

  test('shuffleInPlace puts the items in the order permutation gives their positions', () => {
    const items = Int32Array.from([50, 40, 30, 20, 10, 0]);
    const order = permutation(items.length, makeRng(9));
    expect(Array.from(shuffleInPlace(items, makeRng(9)))).toEqual(Array.from(order, (i) => [50, 40, 30, 20, 10, 0][i]));
  });
});

describe('batches draw their epochs from the shuffle', () => {
  test("each epoch's indices are the next textbook shuffle of the seed's stream, batch by batch", () => {
    const n = 37;
    const data: Dataset = {
      x: new Tensor(new Float32Array(n), [n, 1]),
      y: new Int32Array(n),
      classes: ['a'],
      featureNames: ['f'],
      labelName: 'c',
    };
    const loader = batches(data, { batchSize: 8, seed: 12 });
    const reference = makeRng(12);
    for (let epoch = 0; epoch < 3; epoch++) {
      expect([...loader].flatMap((b) => Array.from(b.indices))).toEqual(textbookShuffle(n, reference));
    }
  });
});
