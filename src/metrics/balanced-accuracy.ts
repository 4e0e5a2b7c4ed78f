// Balanced accuracy: the mean recall over classes (sklearn's balanced_accuracy_score).
import { ValueError } from '../errors.js';
import { checkLabelPair, presentClasses } from './labels.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `balancedAccuracy` (scikit-learn's `sample_weight` and `adjusted`). */
export interface BalancedAccuracyOptions {
  /** One non-negative weight per sample. */
  sampleWeight?: ArrayLike<number>;
  /** Rescale so that chance scores 0 and perfect predictions 1: `(score - 1/K) / (1 - 1/K)` over K classes. */
  adjusted?: boolean;
}

/**
 * The mean over classes of the recall `tp / (tp + fn)`, as scikit-learn's `balanced_accuracy_score`. The classes
 * are those in `yTrue` or `yPred`; one with no (or only zero-weighted) true samples has no recall and is left out
 * of the mean, as sklearn does with a warning. When no class is left (every weight zero) the score is NaN. With
 * `adjusted` and a single class, the score is `(score - 1) / 0` (NaN or -Infinity), as sklearn computes it.
 * @example
 * balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // (3/4 + 1/2) / 2 = 0.625
 * balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1], { adjusted: true }); // 0.25
 */
export function balancedAccuracy(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: BalancedAccuracyOptions = {},
): number {
  const classes = checkLabelPair('balancedAccuracy', yTrue, yPred);
  const sampleWeight = checkSampleWeight('balancedAccuracy', options.sampleWeight, yTrue.length);
  const support = new Float64Array(classes);
  const correct = new Float64Array(classes);
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightOf(sampleWeight, i);
    support[yTrue[i]] += w;
    if (yTrue[i] === yPred[i]) correct[yTrue[i]] += w;
  }
  let recallSum = 0;
  let counted = 0;
  for (const k of presentClasses(yTrue, yPred)) {
    if (support[k] === 0) continue;
    recallSum += correct[k] / support[k];
    counted++;
  }
  const score = recallSum / counted;
  if (!options.adjusted) return score;
  if (counted === 0) throw new ValueError('balancedAccuracy: no class has a true sample of non-zero weight; adjusted is not defined');
  const chance = 1 / counted;
  return (score - chance) / (1 - chance);
}
