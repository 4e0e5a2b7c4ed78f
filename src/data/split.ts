// Train/test splits sized as scikit-learn's train_test_split sizes them, stratified by class by default.
import { ValueError } from '../errors.js';
import { makeRng, type Rng, type SeedOrRng } from '../tensor/random.js';
import { numRows, takeRows, type Dataset } from './dataset.js';
import { permutation, shuffleInPlace } from './shuffle.js';

/** Options of `trainTestSplit`; scikit-learn's names in camelCase. */
export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) of the rows (rounded up), or a whole number of rows, for the test set. Default 0.25. */
  testSize?: number;
  /** Seed or RNG of the row choice. Default 0. */
  seed?: SeedOrRng;
  /** Keep each class's share of rows the same in both sets. Default true (false when `shuffle` is false). */
  stratify?: boolean;
  /** Choose rows at random; false takes the first rows for training and the last for testing. Default true. */
  shuffle?: boolean;
}

/** Both halves of a split, and which rows of the original dataset each holds, in that order. */
export interface TrainTestSplit {
  train: Dataset;
  test: Dataset;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * Splits a dataset into train and test rows, as scikit-learn's `train_test_split` does: the test set has
 * `ceil(testSize * N)` rows (or `testSize` rows for a whole number), and with `stratify` each class is
 * divided in the same proportions (`StratifiedShuffleSplit`'s allocation, ties broken at random). The sizes
 * per class match scikit-learn's; which rows land where does not, since the random streams differ.
 * @example
 * const { train, test } = trainTestSplit(iris, { testSize: 0.25, seed: 0 });
 * // iris: 112 training rows, 38 test rows, classes 37-38 / 12-13 each
 */
export function trainTestSplit(dataset: Dataset, options: TrainTestSplitOptions = {}): TrainTestSplit {
  const { trainIndices, testIndices } = trainTestIndices({ ...dataset, rows: numRows(dataset) }, options);
  return { train: takeRows(dataset, trainIndices), test: takeRows(dataset, testIndices), trainIndices, testIndices };
}

/** Rows with labels, as the splits see them: `y` (empty without labels) indexes `classes`. */
export interface LabelledRows {
  rows: number;
  y: Int32Array;
  classes: readonly string[];
}

/**
 * The row indices of `trainTestSplit`'s two halves, for rows held in any form (a table, a file).
 * @example
 * const { trainIndices, testIndices } = trainTestIndices({ rows: 344, y, classes }, { testSize: 0.25 });
 */
export function trainTestIndices(dataset: LabelledRows, options: TrainTestSplitOptions = {}): { trainIndices: Int32Array; testIndices: Int32Array } {
  const n = dataset.rows;
  const shuffle = options.shuffle ?? true;
  const stratify = options.stratify ?? shuffle;
  const nTest = testCount(options.testSize ?? 0.25, n);
  const nTrain = n - nTest;
  if (stratify && !shuffle) throw new ValueError('trainTestSplit: a stratified split needs shuffle: true (as in scikit-learn)');
  const rng = makeRng(options.seed ?? 0);

  let trainIndices: Int32Array;
  let testIndices: Int32Array;
  if (stratify) [trainIndices, testIndices] = stratifiedIndices(dataset, nTrain, nTest, rng);
  else if (shuffle) {
    // As ShuffleSplit: the test rows come first in the permutation.
    const order = permutation(n, rng);
    testIndices = order.slice(0, nTest);
    trainIndices = order.slice(nTest);
  } else {
    trainIndices = Int32Array.from({ length: nTrain }, (_, i) => i);
    testIndices = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  return { trainIndices, testIndices };
}

/**
 * Whether `trainTestSplit(dataset, { testSize, stratify: true })` can work: every class present has at
 * least 2 rows, and both sides have room for a row of each class. Callers that split on the user's
 * behalf (a validation slice, the command line's test split) fall back to an unstratified split otherwise.
 */
export function canStratify(dataset: Pick<Dataset, 'y'>, testSize: number): boolean {
  const counts = new Map<number, number>();
  for (const c of dataset.y) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = dataset.y.length;
  const nTest = Number.isInteger(testSize) ? testSize : Math.ceil(testSize * n);
  return [...counts.values()].every((c) => c >= 2) && nTest >= counts.size && n - nTest >= counts.size;
}

function testCount(testSize: number, n: number): number {
  const count = Number.isInteger(testSize) ? testSize : Math.ceil(testSize * n);
  const valid = Number.isInteger(testSize) ? testSize >= 1 && testSize < n : testSize > 0 && testSize < 1;
  if (!valid) {
    throw new ValueError(
      `trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, ${n - 1}], got ${testSize} for ${n} rows`,
    );
  }
  if (count >= n) throw new ValueError(`trainTestSplit: testSize=${testSize} of ${n} rows leaves no training rows`);
  return count;
}

/** Rows of each class (ascending), shuffled, cut into the per-class train and test counts, then shuffled. */
function stratifiedIndices(dataset: LabelledRows, nTrain: number, nTest: number, rng: Rng): [Int32Array, Int32Array] {
  const present = rowsByClass(dataset, 'trainTestSplit').filter((rows) => rows.length > 0);
  const counts = present.map((rows) => rows.length);
  const rare = present.findIndex((rows) => rows.length < 2);
  if (rare >= 0) {
    const name = dataset.classes[dataset.y[present[rare][0]]];
    throw new ValueError(
      `trainTestSplit: class ${JSON.stringify(name)} has only 1 row; a stratified split needs at least 2 rows of every class (or pass stratify: false)`,
    );
  }
  for (const [size, what] of [[nTrain, 'training'], [nTest, 'test']] as const) {
    if (size < present.length) {
      throw new ValueError(`trainTestSplit: the ${what} set (${size} row${size === 1 ? '' : 's'}) cannot hold a row of each of the ${present.length} classes; change testSize`);
    }
  }
  const trainCounts = approximateMode(counts, nTrain, rng);
  const testCounts = approximateMode(counts.map((c, i) => c - trainCounts[i]), nTest, rng);
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let trainAt = 0;
  let testAt = 0;
  present.forEach((rows, c) => {
    const shuffled = shuffleInPlace(Int32Array.from(rows), rng);
    train.set(shuffled.subarray(0, trainCounts[c]), trainAt);
    test.set(shuffled.subarray(trainCounts[c], trainCounts[c] + testCounts[c]), testAt);
    trainAt += trainCounts[c];
    testAt += testCounts[c];
  });
  return [shuffleInPlace(train, rng), shuffleInPlace(test, rng)];
}

/** The row indices of each class id, ascending; throws if the dataset has no labels. */
export function rowsByClass(dataset: LabelledRows, caller: string): number[][] {
  const n = dataset.rows;
  if (dataset.y.length !== n) throw new ValueError(`${caller}: cannot stratify a dataset without labels (pass stratify: false)`);
  const rows: number[][] = dataset.classes.map(() => []);
  for (let i = 0; i < n; i++) {
    const label = dataset.y[i];
    if (!(label >= 0 && label < rows.length)) throw new ValueError(`${caller}: row ${i} has class ${label}, not one of the ${rows.length} classes`);
    rows[label].push(i);
  }
  return rows;
}

/**
 * scikit-learn's `_approximate_mode`: `draws` split over classes in proportion to `counts`, each class
 * getting the floor of its share, and the rows left over going to the largest remainders (ties at random).
 */
function approximateMode(counts: number[], draws: number, rng: Rng): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws); // the order of scikit-learn's arithmetic, so ties round alike
  const floored = continuous.map(Math.floor);
  let missing = draws - floored.reduce((a, b) => a + b, 0);
  const remainders = continuous.map((v, i) => v - floored[i]);
  for (const level of [...new Set(remainders)].sort((a, b) => b - a)) {
    if (missing === 0) break;
    const tied = remainders.flatMap((r, i) => (r === level ? [i] : []));
    const chosen = shuffleInPlace(Int32Array.from(tied), rng).subarray(0, Math.min(tied.length, missing));
    for (const i of chosen) floored[i]++;
    missing -= chosen.length;
  }
  return floored;
}
