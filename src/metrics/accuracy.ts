// Accuracy: the fraction of samples whose predicted class is the true class (sklearn's accuracy_score).
import { checkLabelPair } from './labels.js';

/**
 * The fraction of samples with `yPred[i] === yTrue[i]`, as scikit-learn's `accuracy_score`.
 * Both arrays hold class indices (non-negative integers) and must be equally long and non-empty.
 * @example
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLabelPair('accuracy', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
