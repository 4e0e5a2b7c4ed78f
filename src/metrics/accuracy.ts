// Accuracy: the fraction of samples whose predicted class is the true class (sklearn's accuracy_score).
import { ValueError } from '../errors.js';
import { checkLabelPair } from './labels.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `accuracy` (scikit-learn's `normalize` and `sample_weight`). */
export interface AccuracyOptions {
  /** `true` (default): the (weighted) fraction of correct samples; `false`: their (weighted) count. */
  normalize?: boolean;
  /** One non-negative weight per sample. With `normalize`, weights that sum to zero are a ValueError. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The fraction of samples with `yPred[i] === yTrue[i]`, as scikit-learn's `accuracy_score`.
 * Both arrays hold class indices (non-negative integers) and must be equally long and non-empty.
 * @example
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 * accuracy([0, 1], [0, 0], { sampleWeight: [3, 1] }); // 0.75
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AccuracyOptions = {}): number {
  checkLabelPair('accuracy', yTrue, yPred);
  const sampleWeight = checkSampleWeight('accuracy', options.sampleWeight, yTrue.length);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightOf(sampleWeight, i);
    if (yTrue[i] === yPred[i]) correct += w;
    total += w;
  }
  if (options.normalize === false) return correct;
  if (total === 0) throw new ValueError('accuracy: the sample weights sum to zero; the weighted mean is not defined');
  return correct / total;
}
