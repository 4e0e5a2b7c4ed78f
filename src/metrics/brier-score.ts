// The Brier score: the mean squared error of predicted probabilities (sklearn's brier_score_loss).
import { checkClassIndices, checkSameLength } from './labels.js';
import { checkProbabilityRows, readMatrix, type Probabilities } from './probability-matrix.js';
import { checkSampleWeight, weightedMean } from './sample-weight.js';

/** Options of `brierScore`. */
export interface BrierScoreOptions {
  /** One non-negative weight per sample: the mean becomes a weighted mean. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The Brier score, the (weighted) mean squared difference between predicted probabilities and outcomes; lower
 * is better, 0 is perfect.
 *
 * - Binary (a flat array, a Tensor `[N]` or `[N, 1]`: the probability of class 1, labels 0 or 1): the mean of
 *   `(yTrue[i] - p[i])²`, as scikit-learn's `brier_score_loss` (1.2), between 0 and 1.
 * - Several classes (`[N, C]` rows that sum to 1, class `k` in column `k`): the mean over rows of
 *   `sum_k (onehot(yTrue[i])_k - p[i][k])²`, between 0 and 2. This is sklearn 1.7's `brier_score_loss` for
 *   probability matrices (sklearn 1.2 only has the binary case); as there, two columns are halved
 *   (`scale_by_half='auto'`), so that `[N, 2]` rows give the binary score of their column 1.
 * @example
 * brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 0.0375
 * brierScore([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]); // (0.06 + 0.14 + 0.54) / 3 = 0.2466...
 */
export function brierScore(yTrue: ArrayLike<number>, probabilities: Probabilities, options: BrierScoreOptions = {}): number {
  const matrix = readMatrix('brierScore', 'probabilities', probabilities);
  const { values, rows, columns } = matrix;
  checkSameLength('brierScore', yTrue, 'probabilities', rows);
  const sampleWeight = checkSampleWeight('brierScore', options.sampleWeight, rows);
  checkClassIndices(
    'brierScore', 'yTrue', yTrue, Math.max(columns, 2),
    columns === 1 ? 'a binary problem (probabilities give P(class 1))' : `${columns} probability columns`,
  );
  checkProbabilityRows('brierScore', 'probabilities', matrix);

  const squaredErrors = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    if (columns === 1) {
      const error = yTrue[i] - values[i];
      squaredErrors[i] = error * error;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < columns; k++) {
      const error = (yTrue[i] === k ? 1 : 0) - values[i * columns + k];
      sum += error * error;
    }
    squaredErrors[i] = sum;
  }
  const score = weightedMean('brierScore', squaredErrors, sampleWeight);
  return columns === 2 ? score * 0.5 : score;
}
