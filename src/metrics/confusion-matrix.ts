// The confusion matrix, laid out as scikit-learn's: rows are true classes, columns predicted classes.
import { checkLabelPair } from './labels.js';

/**
 * Counts of (true class, predicted class) pairs: `matrix[t][p]` is the number of samples of class `t` predicted
 * as `p`, as scikit-learn's `confusion_matrix`. `numClasses` defaults to one more than the largest index in
 * `yTrue` or `yPred`; pass the model's class count so that a class absent from both still gets its (zero) row and
 * column, as `confusion_matrix(y_true, y_pred, labels=range(numClasses))` does.
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0],
 * //  [0, 0, 1],
 * //  [1, 0, 2]]
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses?: number): number[][] {
  const classes = checkLabelPair('confusionMatrix', yTrue, yPred, numClasses);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][yPred[i]]++;
  return matrix;
}
