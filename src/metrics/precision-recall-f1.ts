// Per-class precision, recall, F1 and support, with their averages (sklearn's precision_recall_fscore_support).
import { ValueError } from '../errors.js';
import { checkLabelPair } from './labels.js';

/** Options of `precisionRecallF1` (scikit-learn's `labels` and `zero_division`). */
export interface PrecisionRecallF1Options {
  /**
   * The number of classes; default: one more than the largest index in `yTrue` or `yPred`. With it, results
   * are sklearn's with `labels=range(numClasses)`: a class absent from both arrays still has an entry.
   */
  numClasses?: number;
  /**
   * The value of a score whose denominator is zero: precision of a class never predicted, recall of a class
   * with no true samples, F1 of a class absent from both. `0` (default; sklearn's `"warn"` without the
   * warning), `1`, or `NaN`, which, as in sklearn >= 1.3, is left out of the macro and weighted averages.
   */
  zeroDivision?: number;
}

/** Precision, recall and F1 averaged over classes (or, for `micro`, computed from the pooled counts). */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

/** What `precisionRecallF1` returns: per-class arrays indexed by class, and the three averages. */
export interface PrecisionRecallF1Result {
  /** `tp / (tp + fp)` per class. */
  precision: number[];
  /** `tp / (tp + fn)` per class. */
  recall: number[];
  /** `2 tp / (2 tp + fp + fn)` per class: the harmonic mean of precision and recall. */
  f1: number[];
  /** The number of samples of each class in `yTrue`. */
  support: number[];
  /** The unweighted mean over classes. */
  macro: AveragedScores;
  /** The mean over classes weighted by support. */
  weighted: AveragedScores;
  /** Scores of the pooled counts; for single-label data all three equal the accuracy. */
  micro: AveragedScores;
  /** The fraction of correctly classified samples. */
  accuracy: number;
}

/**
 * Precision, recall, F1 and support for every class, and their macro, weighted and micro averages, as
 * scikit-learn's `precision_recall_fscore_support` (with `average=None`, `'macro'`, `'weighted'`, `'micro'`).
 * F1 is computed from the counts, `2 tp / (support + predicted)`, as recent sklearn does (older versions
 * take the harmonic mean of precision and recall; the two differ only in the last bits).
 * @example
 * const { precision, recall, f1, support, macro } = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * // precision [2/3, 0, 0], recall [1, 0, 0], f1 [0.8, 0, 0], support [2, 2, 2], macro.f1 ≈ 0.267
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1Result {
  const { zeroDivision = 0 } = options;
  if (!(zeroDivision === 0 || zeroDivision === 1 || Number.isNaN(zeroDivision))) {
    throw new ValueError(`precisionRecallF1: zeroDivision must be 0, 1 or NaN, got ${zeroDivision}`);
  }
  const numClasses = checkLabelPair('precisionRecallF1', yTrue, yPred, options.numClasses);
  const truePositives = new Array<number>(numClasses).fill(0);
  const predicted = new Array<number>(numClasses).fill(0);
  const support = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    support[yTrue[i]]++;
    predicted[yPred[i]]++;
    if (yTrue[i] === yPred[i]) truePositives[yTrue[i]]++;
  }

  const ratio = (numerator: number, denominator: number): number =>
    denominator === 0 ? zeroDivision : numerator / denominator;
  const precision = truePositives.map((tp, k) => ratio(tp, predicted[k]));
  const recall = truePositives.map((tp, k) => ratio(tp, support[k]));
  const f1 = truePositives.map((tp, k) => ratio(2 * tp, support[k] + predicted[k]));

  const average = (weights?: readonly number[]): AveragedScores =>
    ({ precision: nanAverage(precision, weights), recall: nanAverage(recall, weights), f1: nanAverage(f1, weights) });
  const accuracy = truePositives.reduce((a, b) => a + b, 0) / yTrue.length;
  // Both pooled denominators are the sample count (every label is one of the classes): micro scores are the accuracy.
  const micro = { precision: accuracy, recall: accuracy, f1: accuracy };
  return { precision, recall, f1, support, macro: average(), weighted: average(support), micro, accuracy };
}

/** sklearn's `_nanaverage`: the (weighted) mean of the non-NaN values; NaN if none, unweighted if weights sum to 0. */
function nanAverage(values: readonly number[], weights?: readonly number[]): number {
  let sum = 0, weightedSum = 0, weightSum = 0, count = 0;
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k])) continue;
    const w = weights === undefined ? 1 : weights[k];
    sum += values[k];
    weightedSum += values[k] * w;
    weightSum += w;
    count++;
  }
  if (count === 0) return NaN;
  return weightSum === 0 ? sum / count : weightedSum / weightSum;
}
