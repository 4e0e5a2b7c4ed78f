// The precision-recall curve of a binary problem (sklearn's precision_recall_curve).
import { binaryCurve } from './binary-curve.js';

/** Options of `precisionRecallCurve`. */
export interface PrecisionRecallCurveOptions {
  /** One non-negative weight per sample; zero-weighted samples are left out. */
  sampleWeight?: ArrayLike<number>;
}

/** The curve's points: predicting class 1 for scores `>= thresholds[i]` gives `precision[i]` and `recall[i]`. */
export interface PrecisionRecallCurve {
  /** One more entry than `thresholds`: the last is 1, the point of recall 0. */
  precision: number[];
  /** Decreasing; one more entry than `thresholds`: the last is 0. */
  recall: number[];
  /** The distinct scores, increasing. */
  thresholds: number[];
}

/**
 * Precision and recall at every distinct score, as scikit-learn 1.2's `precision_recall_curve`: thresholds in
 * increasing order, and a final point (precision 1, recall 0) with no threshold. Labels are 0 or 1 (class 1 is
 * positive). When `yTrue` has no positive sample, recall is 1 at every threshold, as sklearn sets it (warning).
 * @example
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 0.666..., 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  return precisionRecallPoints('precisionRecallCurve', yTrue, scores, options.sampleWeight);
}

/** `precisionRecallCurve` for the function `fn`, which its error messages name. */
export function precisionRecallPoints(
  fn: string,
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
): PrecisionRecallCurve {
  const { falsePositives: fps, truePositives: tps, thresholds } = binaryCurve(fn, yTrue, scores, sampleWeight);
  const positives = tps[tps.length - 1];
  const precision = tps.map((tp, i) => (tp + fps[i] === 0 ? 0 : tp / (tp + fps[i])));
  const recall = tps.map((tp) => (positives === 0 ? 1 : tp / positives));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: [...thresholds].reverse(),
  };
}
