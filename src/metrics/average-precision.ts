// Average precision: the area under the precision-recall step curve (sklearn's average_precision_score).
import { ValueError } from '../errors.js';
import { checkClassIndices, checkSameLength, flatOneVsRest } from './labels.js';
import { precisionRecallPoints } from './precision-recall-curve.js';
import { readMatrix, type Probabilities } from './probability-matrix.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

/** Options of `averagePrecision` (scikit-learn's `sample_weight` and `average`). */
export interface AveragePrecisionOptions {
  /** One non-negative weight per sample; zero-weighted samples are left out. */
  sampleWeight?: ArrayLike<number>;
  /**
   * For `[N, C]` scores, how the one-vs-rest scores of the classes are combined: `'macro'` (default) their mean,
   * `'weighted'` their mean weighted by the classes' (weighted) support, `'micro'` one curve through all
   * `N × C` (sample, class) pairs. Ignored for binary scores.
   */
  average?: 'macro' | 'weighted' | 'micro';
}

/**
 * The average precision, `sum_i (R_i - R_{i+1}) P_i` over the thresholds of `precisionRecallCurve`, as
 * scikit-learn's `average_precision_score`: precision at each threshold weighted by the recall it adds, with no
 * interpolation.
 *
 * Binary: labels 0 or 1 and one score per sample (a flat array or a Tensor `[N]`) ranking class 1 higher. A
 * `yTrue` with no positive sample scores 0, as sklearn (which warns). Several classes: scores `[N, C]` (class k in
 * column k), each class scored one-vs-rest against its column, as sklearn scores
 * `label_binarize(yTrue, classes=range(C))`, then averaged; a class absent from `yTrue` scores 0 there.
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333...
 * averagePrecision([0, 1, 2, 2], [[0.7, 0.2, 0.1], [0.4, 0.3, 0.3], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]); // 0.75 (macro)
 */
export function averagePrecision(
  yTrue: ArrayLike<number>,
  scores: Probabilities,
  options: AveragePrecisionOptions = {},
): number {
  const { average = 'macro' } = options;
  if (average !== 'macro' && average !== 'weighted' && average !== 'micro') {
    throw new ValueError(`averagePrecision: average must be 'macro', 'weighted' or 'micro', got ${String(average)}`);
  }
  const { values, rows, columns } = readMatrix('averagePrecision', 'scores', scores);
  if (columns === 1) return binaryAveragePrecision(yTrue, values, options.sampleWeight);

  checkSameLength('averagePrecision', yTrue, 'scores', rows);
  checkClassIndices('averagePrecision', 'yTrue', yTrue, columns, `${columns} score columns`);
  const sampleWeight = checkSampleWeight('averagePrecision', options.sampleWeight, rows);
  if (average === 'micro') {
    const { isPositive, weights } = flatOneVsRest(yTrue, rows, columns, sampleWeight);
    return binaryAveragePrecision(isPositive, values, weights);
  }

  const perClass = new Float64Array(columns);
  const support = new Float64Array(columns);
  for (let i = 0; i < rows; i++) support[yTrue[i]] += weightOf(sampleWeight, i);
  for (let k = 0; k < columns; k++) {
    const isClass = Float64Array.from({ length: rows }, (_, i) => (yTrue[i] === k ? 1 : 0));
    const column = Float64Array.from({ length: rows }, (_, i) => values[i * columns + k]);
    perClass[k] = binaryAveragePrecision(isClass, column, sampleWeight);
  }
  if (average === 'macro') return perClass.reduce((a, b) => a + b, 0) / columns;
  // sklearn's weighted average: 0 when the support is (close to) zero, and zero-support classes count 0.
  const totalSupport = support.reduce((a, b) => a + b, 0);
  if (Math.abs(totalSupport) <= 1e-8) return 0;
  let weighted = 0;
  for (let k = 0; k < columns; k++) if (support[k] !== 0) weighted += perClass[k] * support[k];
  return weighted / totalSupport;
}

/** sklearn's `-sum(diff(recall) * precision[:-1])` over the binary precision-recall curve. */
function binaryAveragePrecision(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
): number {
  const { precision, recall } = precisionRecallPoints('averagePrecision', yTrue, scores, sampleWeight);
  let sum = 0;
  for (let i = 0; i + 1 < recall.length; i++) sum += (recall[i + 1] - recall[i]) * precision[i];
  return -sum;
}
