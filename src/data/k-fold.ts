// K-fold cross-validation indices, as scikit-learn's KFold and StratifiedKFold assign rows to folds.
import { ValueError } from '../errors.js';
import { makeRng, type SeedOrRng } from '../tensor/random.js';
import { numRows, type Dataset } from './dataset.js';
import { permutation, shuffleInPlace } from './shuffle.js';
import { rowsByClass, type LabelledRows } from './split.js';

/** Options of `kFold`. */
export interface KFoldOptions {
  /** Number of folds, at least 2 and at most the number of rows. Default 5. */
  k?: number;
  /** Assign rows to folds at random (scikit-learn's default is false; ours is true). Default true. */
  shuffle?: boolean;
  /** Seed or RNG of the shuffle. Default 0. */
  seed?: SeedOrRng;
  /** Give every fold about the same share of each class. Default true. */
  stratify?: boolean;
}

/** The rows of one fold: `test` is the fold, `train` every other row; both ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits the rows (of a dataset, or `{ rows, y, classes }` of rows held in any form) into `k` folds and returns, for each, the indices of its training and test rows (index
 * arrays, not datasets: `takeRows(dataset, fold.train)` makes the dataset when it is needed). Fold sizes
 * and, with `stratify`, the number of rows of each class in each fold are those of scikit-learn's
 * `KFold` / `StratifiedKFold`; without `shuffle` the folds are exactly theirs. A class with fewer than `k`
 * rows is missing from some test folds (scikit-learn warns; here it is only documented).
 * @example
 * for (const fold of kFold(iris, { k: 5, seed: 0 })) {
 *   const train = takeRows(iris, fold.train);
 *   const test = takeRows(iris, fold.test);
 * }
 */
export function kFold(dataset: Dataset | LabelledRows, options: KFoldOptions = {}): Fold[] {
  const n = 'rows' in dataset ? dataset.rows : numRows(dataset);
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new ValueError(`kFold: k must be a whole number from 2 to the number of rows (${n}), got ${k}`);
  }
  const shuffle = options.shuffle ?? true;
  const rng = makeRng(options.seed ?? 0);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const foldOf = new Int32Array(n);
  if (options.stratify ?? true) assignStratified({ rows: n, y: dataset.y, classes: dataset.classes }, k, shuffle, rng, foldOf);
  else {
    // KFold: cut the (shuffled) row order into k runs; the first n % k runs have one row more.
    const order = shuffle ? permutation(n, rng) : rows;
    let at = 0;
    for (let fold = 0; fold < k; fold++) {
      const size = Math.floor(n / k) + (fold < n % k ? 1 : 0);
      for (let i = 0; i < size; i++) foldOf[order[at++]] = fold;
    }
  }
  return Array.from({ length: k }, (_, fold) => ({
    train: rows.filter((i) => foldOf[i] !== fold),
    test: rows.filter((i) => foldOf[i] === fold),
  }));
}

/**
 * StratifiedKFold's allocation: classes numbered by first appearance, the labels sorted by that number and
 * dealt round-robin to the folds; the fold numbers a class received go to its rows (ascending), shuffled.
 */
function assignStratified(dataset: LabelledRows, k: number, shuffle: boolean, rng: () => number, foldOf: Int32Array): void {
  const inAppearanceOrder = rowsByClass(dataset, 'kFold').filter((rows) => rows.length > 0).sort((a, b) => a[0] - b[0]);
  if (inAppearanceOrder.every((rows) => rows.length < k)) {
    throw new ValueError(`kFold: k=${k} is more than the number of rows of every class; lower k or pass stratify: false`);
  }
  let dealt = 0;
  for (const rows of inAppearanceOrder) {
    const folds = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) folds[i] = (dealt + i) % k;
    dealt += rows.length;
    // Dealing gives each fold its count of this class; sorted, the fold numbers run as repeat(arange(k), counts).
    folds.sort();
    if (shuffle) shuffleInPlace(folds, rng);
    rows.forEach((row, i) => (foldOf[row] = folds[i]));
  }
}
