// The ROC curve of a binary problem: false and true positive rates at each threshold (sklearn's roc_curve).
import { binaryCurve } from './binary-curve.js';

/** Options of `rocCurve` (scikit-learn's `sample_weight` and `drop_intermediate`). */
export interface RocCurveOptions {
  /** One non-negative weight per sample; zero-weighted samples are left out. */
  sampleWeight?: ArrayLike<number>;
  /** Leave out thresholds whose point lies on a straight segment between its neighbours (default true). */
  dropIntermediate?: boolean;
}

/** The ROC curve's points: `(fpr[i], tpr[i])` is reached by predicting class 1 for scores `>= thresholds[i]`. */
export interface RocCurve {
  /** False positive rates, increasing from 0 to 1. */
  fpr: number[];
  /** True positive rates, increasing from 0 to 1. */
  tpr: number[];
  /** Decreasing; the first is the highest score plus 1, so that no sample is predicted positive there. */
  thresholds: number[];
}

/**
 * The receiver operating characteristic curve for labels 0 or 1 and scores that rank class 1 higher, as
 * scikit-learn 1.2's `roc_curve`: one point per distinct score (fewer with `dropIntermediate`), preceded by
 * (0, 0) at the threshold `max(scores) + 1`. sklearn 1.3 and later put `Infinity` there instead; the rates are
 * the same. When `yTrue` has no negatives (positives), every fpr (tpr) is NaN, as sklearn returns with a warning.
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [1.8, 0.8, 0.4, 0.35, 0.1] }
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  return rocPoints('rocCurve', yTrue, scores, options.sampleWeight, options.dropIntermediate ?? true);
}

/** `rocCurve` for the function `fn`, which its error messages name. */
export function rocPoints(
  fn: string,
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
  dropIntermediate: boolean,
): RocCurve {
  let { falsePositives: fps, truePositives: tps, thresholds } = binaryCurve(fn, yTrue, scores, sampleWeight);

  if (dropIntermediate && fps.length > 2) {
    // sklearn keeps the ends and every point where either count's second difference is non-zero (a corner).
    const secondDifference = (x: number[], i: number): number => (x[i + 1] - x[i]) - (x[i] - x[i - 1]);
    const keep = fps.map((_, i) => i === 0 || i === fps.length - 1 || secondDifference(fps, i) !== 0 || secondDifference(tps, i) !== 0);
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }

  fps = [0, ...fps];
  tps = [0, ...tps];
  const negatives = fps[fps.length - 1];
  const positives = tps[tps.length - 1];
  return {
    fpr: fps.map((fp) => (negatives > 0 ? fp / negatives : NaN)),
    tpr: tps.map((tp) => (positives > 0 ? tp / positives : NaN)),
    thresholds: [thresholds[0] + 1, ...thresholds],
  };
}
