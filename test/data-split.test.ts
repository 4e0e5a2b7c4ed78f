// trainTestSplit and kFold: scikit-learn's sizes and class proportions, seeded, partitions of the rows.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { kFold, readCsv, Tensor, trainTestSplit, ValueError, type Dataset } from '../src/index.js';

const irisPath = fileURLToPath(new URL('../examples/data/iris.csv', import.meta.url));
const irisSplit = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/data/iris_split.json', import.meta.url)), 'utf8'));

/** A dataset whose one feature is the row number, with the given class of each row. */
function labelled(labels: readonly number[], numClasses = Math.max(...labels) + 1): Dataset {
  return {
    x: new Tensor(Float32Array.from(labels, (_, i) => i), [labels.length, 1]),
    y: Int32Array.from(labels),
    classes: Array.from({ length: numClasses }, (_, c) => `class${c}`),
    featureNames: ['row'],
    labelName: 'label',
  };
}

/** Rows per class. */
function bincount(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** `repeat(counts)` labels: class c repeated counts[c] times. */
const withCounts = (counts: readonly number[]): number[] => counts.flatMap((count, c) => new Array<number>(count).fill(c));

function expectPartition(parts: ArrayLike<number>[], n: number): void {
  const all = parts.flatMap((part) => Array.from(part)).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe('trainTestSplit', () => {
  test('iris: the sizes and per-class counts of scikit-learn stratified split', async () => {
    const iris = await readCsv(irisPath);
    const { train, test: held, trainIndices, testIndices } = trainTestSplit(iris, { testSize: 0.25, seed: 0 });
    expect([train.x.shape[0], held.x.shape[0]]).toEqual([irisSplit.n_train, irisSplit.n_test]);
    // scikit-learn breaks the 37.33/37.33/37.33 tie at random, so compare the counts as a multiset.
    const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);
    expect(sorted(bincount(train.y, 3))).toEqual(sorted(bincount(irisSplit.train_labels, 3)));
    expect(sorted(bincount(held.y, 3))).toEqual(sorted(bincount(irisSplit.test_labels, 3)));
    expectPartition([trainIndices, testIndices], 150);
    expect(Array.from(train.y)).toEqual(Array.from(trainIndices, (i) => iris.y[i]));
    expect(Array.from(held.x.data)).toEqual(Array.from(testIndices).flatMap((i) => Array.from(iris.x.data.subarray(i * 4, i * 4 + 4))));
    expect(train.classes).toEqual(iris.classes);
  });

  test('the same seed gives the same rows; another seed other rows', () => {
    const data = labelled(withCounts([30, 20, 10]));
    const a = trainTestSplit(data, { seed: 7 });
    expect(trainTestSplit(data, { seed: 7 }).testIndices).toEqual(a.testIndices);
    expect(trainTestSplit(data, { seed: 8 }).testIndices).not.toEqual(a.testIndices);
    expect(trainTestSplit(data).testIndices).toEqual(trainTestSplit(data, { seed: 0 }).testIndices);
  });

  test("per-class counts follow scikit-learn's _approximate_mode", () => {
    // counts [10, 5, 3], N = 18, testSize 0.3: n_test = ceil(5.4) = 6, n_train = 12.
    // Train shares 12 * [10, 5, 3] / 18 = [6.67, 3.33, 2]: floors [6, 3, 2] make 11; the largest remainder
    // (class 0) gets the 12th row: [7, 3, 2]. Test shares of the rest [3, 2, 1] with 6 draws: [3, 2, 1].
    const { train, test: held } = trainTestSplit(labelled(withCounts([10, 5, 3])), { testSize: 0.3, seed: 3 });
    expect(bincount(train.y, 3)).toEqual([7, 3, 2]);
    expect(bincount(held.y, 3)).toEqual([3, 2, 1]);
  });

  test.each([
    [0.25, 100, 25],
    [0.1, 11, 2], // ceil(1.1)
    [0.5, 7, 4], // ceil(3.5)
    [3, 10, 3], // a whole number is a row count
    [2, 10, 2],
  ])('testSize %d of %d rows gives %d test rows', (testSize, n, nTest) => {
    const data = labelled(Array.from({ length: n }, (_, i) => i % 2));
    for (const stratify of [true, false]) {
      const split = trainTestSplit(data, { testSize, stratify });
      expect(split.testIndices.length).toBe(nTest);
      expect(split.trainIndices.length).toBe(n - nTest);
      expectPartition([split.trainIndices, split.testIndices], n);
    }
  });

  test('shuffle: false takes the first rows for training and the last for testing', () => {
    const { trainIndices, testIndices } = trainTestSplit(labelled(withCounts([5, 5])), { testSize: 3, shuffle: false });
    expect(Array.from(trainIndices)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(testIndices)).toEqual([7, 8, 9]);
    expect(Array.from(trainTestSplit(labelled(withCounts([5, 5])), { testSize: 1, shuffle: false }).testIndices)).toEqual([9]);
  });

  test('random stratified splits keep each class within one row of its exact share', () => {
    const problem = fc.record({
      counts: fc.array(fc.integer({ min: 2, max: 40 }), { minLength: 2, maxLength: 6 }),
      testSize: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(problem, ({ counts, testSize, seed }) => {
        const n = counts.reduce((a, b) => a + b, 0);
        const nTest = Math.ceil(testSize * n);
        fc.pre(nTest >= counts.length && n - nTest >= counts.length);
        const { train, trainIndices, testIndices } = trainTestSplit(labelled(withCounts(counts)), { testSize, seed });
        expect(testIndices.length).toBe(nTest);
        expectPartition([trainIndices, testIndices], n);
        bincount(train.y, counts.length).forEach((got, c) => expect(Math.abs(got - ((n - nTest) * counts[c]) / n)).toBeLessThan(1));
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    [{ testSize: 0 }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, 9], got 0 for 10 rows'],
    [{ testSize: 1.5 }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, 9], got 1.5 for 10 rows'],
    [{ testSize: 10 }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, 9], got 10 for 10 rows'],
    [{ testSize: Number.NaN }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, 9], got NaN for 10 rows'],
    [{ testSize: 0.99 }, 'trainTestSplit: testSize=0.99 of 10 rows leaves no training rows'],
    [{ shuffle: false, stratify: true }, 'trainTestSplit: a stratified split needs shuffle: true (as in scikit-learn)'],
    [{ testSize: 1 }, 'trainTestSplit: the test set (1 row) cannot hold a row of each of the 2 classes; change testSize'],
  ])('%o is refused', (options, message) => {
    expect(() => trainTestSplit(labelled(withCounts([5, 5])), options)).toThrow(new ValueError(message));
  });

  test('a class with one row cannot be stratified, but can be split without stratify', () => {
    const data = labelled(withCounts([6, 1]));
    expect(() => trainTestSplit(data)).toThrow(
      new ValueError('trainTestSplit: class "class1" has only 1 row; a stratified split needs at least 2 rows of every class (or pass stratify: false)'),
    );
    expect(trainTestSplit(data, { stratify: false }).testIndices.length).toBe(2);
  });

  test('classes absent from the data (a fixed class list) do not count', () => {
    const data = labelled(withCounts([0, 4, 0, 4]), 4);
    expect(bincount(trainTestSplit(data, { testSize: 0.5 }).test.y, 4)).toEqual([0, 2, 0, 2]);
  });
});

describe('kFold', () => {
  test("KFold's documented example: 4 rows, 2 folds, no shuffle", () => {
    const folds = kFold(labelled([0, 0, 1, 1]), { k: 2, shuffle: false, stratify: false });
    expect(folds.map(({ train, test }) => [Array.from(train), Array.from(test)])).toEqual([
      [[2, 3], [0, 1]],
      [[0, 1], [2, 3]],
    ]);
  });

  test("StratifiedKFold's documented example: y = [0, 0, 1, 1], 2 folds, no shuffle", () => {
    const folds = kFold(labelled([0, 0, 1, 1]), { k: 2, shuffle: false });
    expect(folds.map(({ train, test }) => [Array.from(train), Array.from(test)])).toEqual([
      [[1, 3], [0, 2]],
      [[0, 2], [1, 3]],
    ]);
  });

  test('without stratify, the first n % k folds have one row more, contiguous without shuffle', () => {
    const folds = kFold(labelled(withCounts([6, 5])), { k: 3, shuffle: false, stratify: false });
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]);
    const shuffled = kFold(labelled(withCounts([6, 5])), { k: 3, stratify: false, seed: 1 });
    expect(shuffled.map((f) => f.test.length)).toEqual([4, 4, 3]);
  });

  test('iris, 5 stratified folds: 10 rows of each class per fold, train the complement, all ascending', async () => {
    const iris = await readCsv(irisPath);
    const folds = kFold(iris, { k: 5, seed: 0 });
    expectPartition(folds.map((f) => f.test), 150);
    for (const { train, test } of folds) {
      expect(bincount(Array.from(test, (i) => iris.y[i]), 3)).toEqual([10, 10, 10]);
      expectPartition([train, test], 150);
      expect(Array.from(test)).toEqual(Array.from(test).sort((a, b) => a - b));
      expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
    }
    expect(kFold(iris, { k: 5, seed: 0 })).toEqual(folds);
    expect(kFold(iris, { k: 5, seed: 1 })).not.toEqual(folds);
  });

  test("stratified fold counts are StratifiedKFold's allocation", () => {
    // scikit-learn: classes numbered by first appearance, labels sorted by that number, fold i gets the
    // class counts of sorted[i::k]. Computed here from that recipe directly.
    const problem = fc.record({
      labels: fc.array(fc.nat(3), { minLength: 4, maxLength: 60 }),
      k: fc.integer({ min: 2, max: 6 }),
      shuffle: fc.boolean(),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(problem, ({ labels, k, shuffle, seed }) => {
        const numClasses = Math.max(...labels) + 1;
        const counts = bincount(labels, numClasses);
        fc.pre(k <= labels.length && counts.some((c) => c >= k));
        const appearance = [...new Set(labels)];
        const sortedByAppearance = [...labels].map((label) => appearance.indexOf(label)).sort((a, b) => a - b);
        const folds = kFold(labelled(labels, numClasses), { k, shuffle, seed });
        folds.forEach(({ test }, i) => {
          const expected = new Array<number>(numClasses).fill(0);
          for (let p = i; p < sortedByAppearance.length; p += k) expected[appearance[sortedByAppearance[p]]]++;
          expect(bincount(Array.from(test, (row) => labels[row]), numClasses)).toEqual(expected);
        });
        expectPartition(folds.map((f) => f.test), labels.length);
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    [{ k: 1 }, 'kFold: k must be a whole number from 2 to the number of rows (6), got 1'],
    [{ k: 7 }, 'kFold: k must be a whole number from 2 to the number of rows (6), got 7'],
    [{ k: 2.5 }, 'kFold: k must be a whole number from 2 to the number of rows (6), got 2.5'],
    [{ k: 4 }, 'kFold: k=4 is more than the number of rows of every class; lower k or pass stratify: false'],
  ])('%o is refused', (options, message) => {
    expect(() => kFold(labelled(withCounts([3, 3])), options)).toThrow(new ValueError(message));
  });

  test('stratifying needs labels', () => {
    const unlabelled = { ...labelled([0, 1, 0, 1]), y: new Int32Array(0) };
    expect(() => kFold(unlabelled, { k: 2 })).toThrow(new ValueError('kFold: cannot stratify a dataset without labels (pass stratify: false)'));
    expect(kFold(unlabelled, { k: 2, stratify: false })).toHaveLength(2);
  });
});

describe('per-class sizes round as scikit-learn rounds them', () => {
  test('classes of 7 and 15 rows split in half: always 4 and 7 training rows, as _approximate_mode gives', async () => {
    const { parseCsv, trainTestSplit } = await import('../src/index.js');
    const rows = ['x,label', ...Array.from({ length: 7 }, (_, i) => `${i},a`), ...Array.from({ length: 15 }, (_, i) => `${i},b`)];
    const data = parseCsv(rows.join('\n'));
    for (let seed = 0; seed < 20; seed++) {
      const { train } = trainTestSplit(data, { testSize: 0.5, seed });
      expect(Array.from(train.y).filter((c) => c === 0).length).toBe(4);
      expect(train.y.length).toBe(11);
    }
  });
});
