// Per-class precision, recall, F1 (and F-beta) and support, with their averages (sklearn's precision_recall_fscore_support).
import { ValueError } from '../errors.js';
import { checkLabelList, checkLabelPair } from './labels.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `precisionRecallF1` (scikit-learn's `beta`, `labels`, `sample_weight` and `zero_division`). */
export interface PrecisionRecallF1Options {
  /**
   * The number of classes; default: one more than the largest index in `yTrue` or `yPred`. With it, results
   * are sklearn's with `labels=range(numClasses)`: a class absent from both arrays still has an entry.
   */
  numClasses?: number;
  /**
   * The classes to score, in this order (sklearn's `labels=`): the per-class arrays follow it, and the averages
   * run over these classes only. Samples of other classes still count as false positives or negatives of the
   * listed ones. Default: `0..numClasses-1`.
   */
  labels?: ArrayLike<number>;
  /** One non-negative weight per sample: counts become sums of weights. */
  sampleWeight?: ArrayLike<number>;
  /** The weight of recall against precision in `fbeta` (default 1, where `fbeta` equals `f1`); `Infinity` gives recall. */
  beta?: number;
  /**
   * The value of a score whose denominator is zero: precision of a class never predicted, recall of a class
   * with no true samples, F1 of a class absent from both. `0` (default; sklearn's `"warn"` without the
   * warning), `1`, or `NaN`, which, as in sklearn >= 1.3, is left out of the macro and weighted averages.
   */
  zeroDivision?: number;
}

/** Precision, recall, F1 and F-beta averaged over classes (or, for `micro`, computed from the pooled counts). */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
  /** The F-beta score for the `beta` option (equal to `f1` when beta is 1). */
  fbeta: number;
}

/** What `precisionRecallF1` returns: per-class arrays indexed by class (or by position in `labels`), and the averages. */
export interface PrecisionRecallF1Result {
  /** The class of each entry of the per-class arrays: `labels`, or `0..numClasses-1`. */
  labels: number[];
  /** `tp / (tp + fp)` per class. */
  precision: number[];
  /** `tp / (tp + fn)` per class. */
  recall: number[];
  /** `2 tp / (2 tp + fp + fn)` per class: the harmonic mean of precision and recall. */
  f1: number[];
  /** `(1 + beta²) tp / ((1 + beta²) tp + beta² fn + fp)` per class; recall when beta is Infinity. */
  fbeta: number[];
  /** The number (or total weight) of samples of each class in `yTrue`. */
  support: number[];
  /** The unweighted mean over classes. */
  macro: AveragedScores;
  /** The mean over classes weighted by support. */
  weighted: AveragedScores;
  /** Scores of the pooled counts; for single-label data over all classes, all equal the accuracy. */
  micro: AveragedScores;
  /** The (weighted) fraction of correctly classified samples, over all samples whatever `labels` says. */
  accuracy: number;
}

/**
 * Precision, recall, F1, F-beta and support for every class, and their macro, weighted and micro averages, as
 * scikit-learn's `precision_recall_fscore_support` (with `average=None`, `'macro'`, `'weighted'`, `'micro'`).
 * F-scores are computed from the counts, `(1 + beta²) tp / (beta² support + predicted)`, as recent sklearn does
 * (older versions take the weighted harmonic mean of precision and recall; the two differ only in the last bits,
 * and where beta is 0, a class is never predicted and zeroDivision is 1: then 1.2 gives 0, the counts 1).
 * When the support of every scored class is zero (possible with `labels` or `sampleWeight`), the weighted
 * averages are sklearn's: all `zeroDivision` if nothing was predicted either, else precision and F 0, recall
 * `zeroDivision`.
 * @example
 * const { precision, recall, f1, support, macro } = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * // precision [2/3, 0, 0], recall [1, 0, 0], f1 [0.8, 0, 0], support [2, 2, 2], macro.f1 ≈ 0.267
 * precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { labels: [2, 0], beta: 2 }).fbeta;
 * // [0, 10/11]: class 2, then class 0 (tp 2, fp 1, fn 0: 5 * 2 / (5 * 2 + 1))
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1Result {
  return scoreClasses('precisionRecallF1', yTrue, yPred, options);
}

/** `precisionRecallF1` for the function `fn`, which its error messages name. */
export function scoreClasses(
  fn: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrecisionRecallF1Options,
): PrecisionRecallF1Result {
  const { zeroDivision = 0, beta = 1 } = options;
  if (!(zeroDivision === 0 || zeroDivision === 1 || Number.isNaN(zeroDivision))) {
    throw new ValueError(`${fn}: zeroDivision must be 0, 1 or NaN, got ${zeroDivision}`);
  }
  if (!(beta >= 0)) throw new ValueError(`${fn}: beta must be >= 0, got ${beta}`);
  const numClasses = checkLabelPair(fn, yTrue, yPred, options.numClasses);
  const sampleWeight = checkSampleWeight(fn, options.sampleWeight, yTrue.length);
  const labels = options.labels === undefined
    ? Array.from({ length: numClasses }, (_, k) => k)
    : checkLabelList(fn, options.labels, options.numClasses);
  const position = new Map(labels.map((label, k) => [label, k]));

  const truePositives = new Array<number>(labels.length).fill(0);
  const predicted = new Array<number>(labels.length).fill(0);
  const support = new Array<number>(labels.length).fill(0);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightOf(sampleWeight, i);
    const t = position.get(yTrue[i]);
    const p = position.get(yPred[i]);
    if (t !== undefined) support[t] += w;
    if (p !== undefined) predicted[p] += w;
    if (yTrue[i] === yPred[i]) {
      if (t !== undefined) truePositives[t] += w;
      correct += w;
    }
    total += w;
  }

  const ratio = (numerator: number, denominator: number): number =>
    denominator === 0 ? zeroDivision : numerator / denominator;
  const beta2 = beta * beta;
  const fScore = (tp: number, trueCount: number, predictedCount: number): number =>
    beta === Infinity ? ratio(tp, trueCount) : ratio((1 + beta2) * tp, beta2 * trueCount + predictedCount);
  const precision = truePositives.map((tp, k) => ratio(tp, predicted[k]));
  const recall = truePositives.map((tp, k) => ratio(tp, support[k]));
  const f1 = truePositives.map((tp, k) => ratio(2 * tp, support[k] + predicted[k]));
  const fbeta = truePositives.map((tp, k) => fScore(tp, support[k], predicted[k]));

  const average = (weights?: readonly number[]): AveragedScores => ({
    precision: nanAverage(precision, weights),
    recall: nanAverage(recall, weights),
    f1: nanAverage(f1, weights),
    fbeta: nanAverage(fbeta, weights),
  });
  const pooledTruePositives = sum(truePositives);
  const pooledSupport = sum(support);
  const pooledPredicted = sum(predicted);
  const micro = {
    precision: ratio(pooledTruePositives, pooledPredicted),
    recall: ratio(pooledTruePositives, pooledSupport),
    f1: ratio(2 * pooledTruePositives, pooledSupport + pooledPredicted),
    fbeta: fScore(pooledTruePositives, pooledSupport, pooledPredicted),
  };
  const accuracy = total === 0 ? NaN : correct / total;
  return { labels, precision, recall, f1, fbeta, support, macro: average(), weighted: weightedAverage(), micro, accuracy };

  /** sklearn's average='weighted', with its answer for a total support of zero (then no class has a true sample). */
  function weightedAverage(): AveragedScores {
    if (pooledSupport !== 0) return average(support);
    if (pooledPredicted === 0) return { precision: zeroDivision, recall: zeroDivision, f1: zeroDivision, fbeta: zeroDivision };
    return { precision: 0, recall: zeroDivision, f1: 0, fbeta: 0 };
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
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
