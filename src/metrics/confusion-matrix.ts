// The confusion matrix, laid out as scikit-learn's: rows are true classes, columns predicted classes.
import { ValueError } from '../errors.js';
import { checkLabelList, checkLabelPair } from './labels.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `confusionMatrix` (scikit-learn's `labels`, `normalize` and `sample_weight`). */
export interface ConfusionMatrixOptions {
  /** The number of classes: rows and columns `0..numClasses-1`. Default: one more than the largest index seen. */
  numClasses?: number;
  /**
   * The classes of the rows and columns, in this order (sklearn's `labels=`): a subset reorders or selects, and
   * samples whose true or predicted class is not listed are left out. At least one must occur in `yTrue`.
   */
  labels?: ArrayLike<number>;
  /**
   * Divide each row by its sum (`'true'`: rows are recalls), each column by its sum (`'pred'`: columns are
   * precisions) or everything by the total (`'all'`). A row or column that sums to zero stays zero, as in sklearn.
   */
  normalize?: 'true' | 'pred' | 'all';
  /** One non-negative weight per sample: cells are sums of weights instead of counts. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * Counts of (true class, predicted class) pairs: `matrix[t][p]` is the number of samples of class `t` predicted
 * as `p`, as scikit-learn's `confusion_matrix`. The third argument is `numClasses` or an options object.
 * `numClasses` defaults to one more than the largest index in `yTrue` or `yPred`; pass the model's class count so
 * that a class absent from both still gets its (zero) row and column, as `confusion_matrix(y_true, y_pred,
 * labels=range(numClasses))` does.
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0],
 * //  [0, 0, 1],
 * //  [1, 0, 2]]
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], { labels: [2, 0], normalize: 'true' });
 * // [[2/3, 1/3],
 * //  [0,   1  ]]
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClassesOrOptions?: number | ConfusionMatrixOptions,
): number[][] {
  const options = typeof numClassesOrOptions === 'object' ? numClassesOrOptions : { numClasses: numClassesOrOptions };
  return buildConfusionMatrix('confusionMatrix', yTrue, yPred, options);
}

/** `confusionMatrix` for the function `fn`, which its error messages name. */
export function buildConfusionMatrix(
  fn: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ConfusionMatrixOptions,
): number[][] {
  const classes = checkLabelPair(fn, yTrue, yPred, options.numClasses);
  const sampleWeight = checkSampleWeight(fn, options.sampleWeight, yTrue.length);
  const { normalize } = options;
  if (normalize !== undefined && normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new ValueError(`${fn}: normalize must be 'true', 'pred' or 'all', got ${String(normalize)}`);
  }

  // position[c] is the row and column of class c, or -1 for a class left out by `labels`.
  let size = classes;
  let position = (c: number): number => c;
  if (options.labels !== undefined) {
    const labels = checkLabelList(fn, options.labels, options.numClasses);
    const index = new Map(labels.map((label, k) => [label, k]));
    if (!Array.from(yTrue).some((t) => index.has(t))) {
      throw new ValueError(`${fn}: none of the labels [${labels.join(', ')}] occurs in yTrue; at least one must`);
    }
    size = labels.length;
    position = (c) => index.get(c) ?? -1;
  }

  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = position(yTrue[i]);
    const p = position(yPred[i]);
    if (t >= 0 && p >= 0) matrix[t][p] += weightOf(sampleWeight, i);
  }
  if (normalize === undefined) return matrix;

  // sklearn divides with NaN for 0 / 0, then np.nan_to_num turns it into 0.
  const divide = (value: number, total: number): number => (total === 0 ? 0 : value / total);
  if (normalize === 'true') return matrix.map((row) => { const sum = sumOf(row); return row.map((v) => divide(v, sum)); });
  if (normalize === 'pred') {
    const columnSums = matrix[0].map((_, p) => sumOf(matrix.map((row) => row[p])));
    return matrix.map((row) => row.map((v, p) => divide(v, columnSums[p])));
  }
  const total = sumOf(matrix.map(sumOf));
  return matrix.map((row) => row.map((v) => divide(v, total)));
}

function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}
