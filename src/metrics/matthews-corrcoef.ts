// The Matthews correlation coefficient, binary and multiclass (sklearn's matthews_corrcoef).
import { checkLabelPair } from './labels.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `matthewsCorrcoef`. */
export interface MatthewsCorrcoefOptions {
  /** One non-negative weight per sample. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The Matthews correlation coefficient, as scikit-learn's `matthews_corrcoef`: +1 for perfect predictions, 0 for
 * chance, down to -1. For K classes it is Gorodkin's R_K, from the confusion matrix C with row sums t (true),
 * column sums p (predicted), trace c and total s:
 * `(c s - t·p) / sqrt((s² - p·p)(s² - t·t))`, which for two classes is `(tp tn - fp fn) / sqrt(...)`. When
 * either factor under the root is zero (one class only, in the truth or in the predictions) it is 0, as sklearn.
 * @example
 * matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.3333...
 * matthewsCorrcoef([0, 1, 2, 2, 1, 0], [0, 1, 2, 1, 1, 0]); // 0.7833...
 */
export function matthewsCorrcoef(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: MatthewsCorrcoefOptions = {},
): number {
  const classes = checkLabelPair('matthewsCorrcoef', yTrue, yPred);
  const sampleWeight = checkSampleWeight('matthewsCorrcoef', options.sampleWeight, yTrue.length);
  // Classes absent from both arrays add zeros to every sum below, so indexing by class is sklearn's matrix.
  const trueSums = new Float64Array(classes);
  const predictedSums = new Float64Array(classes);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightOf(sampleWeight, i);
    trueSums[yTrue[i]] += w;
    predictedSums[yPred[i]] += w;
    if (yTrue[i] === yPred[i]) correct += w;
  }
  let samples = 0, truePredicted = 0, predictedSquared = 0, trueSquared = 0;
  for (let k = 0; k < classes; k++) {
    samples += predictedSums[k];
    truePredicted += trueSums[k] * predictedSums[k];
    predictedSquared += predictedSums[k] * predictedSums[k];
    trueSquared += trueSums[k] * trueSums[k];
  }
  const covTruePred = correct * samples - truePredicted;
  const covPredPred = samples * samples - predictedSquared;
  const covTrueTrue = samples * samples - trueSquared;
  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
