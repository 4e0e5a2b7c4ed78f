// Reliability bins and the expected calibration error (ECE) of predicted probabilities, binary or top-label.
import { binTotals, checkBinCount, uniformEdges } from './calibration-bins.js';
import { checkClassIndices, checkSameLength } from './labels.js';
import { checkProbabilityRows, readMatrix, type Probabilities, type ProbabilityMatrix } from './probability-matrix.js';

/** Options of `reliabilityBins` and `expectedCalibrationError`. */
export interface ReliabilityOptions {
  /** The number of bins of equal width on [0, 1] (default 10). */
  nBins?: number;
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** The bin holds the predictions p with `lower < p <= upper` (the first bin also holds 0). */
  lower: number;
  upper: number;
  /** How many samples fall in the bin. */
  count: number;
  /** Their mean predicted probability (binary) or top-label confidence; NaN for an empty bin. */
  meanPredicted: number;
  /** The fraction of them that are of class 1 (binary) or whose top label is right; NaN for an empty bin. */
  fractionPositive: number;
}

/**
 * The bins of a reliability diagram, all `nBins` of them (empty ones have count 0 and NaN means), with edges
 * `i / nBins` (as numpy's linspace) and bins closed on the right.
 *
 * - Binary (a flat array, or a Tensor `[N]` or `[N, 1]`: the probability of class 1; labels 0 or 1): each sample
 *   is binned by its probability of class 1, and `fractionPositive` is the share of class 1. The non-empty bins
 *   are `calibrationCurve(yTrue, p, { nBins })`'s points.
 * - Several classes (`[N, C]` rows summing to 1): each sample is binned by its top-label confidence, the largest
 *   probability of its row, and `fractionPositive` is the share whose top label (the first column with that
 *   probability) is the true class: the top-label reliability diagram (Guo et al., 2017).
 * @example
 * reliabilityBins([0, 1, 1], [0.2, 0.7, 0.8], { nBins: 2 });
 * // [{ lower: 0, upper: 0.5, count: 1, meanPredicted: 0.2, fractionPositive: 0 },
 * //  { lower: 0.5, upper: 1, count: 2, meanPredicted: 0.75, fractionPositive: 1 }]
 */
export function reliabilityBins(
  yTrue: ArrayLike<number>,
  probabilities: Probabilities,
  options: ReliabilityOptions = {},
): ReliabilityBin[] {
  const { nBins = 10 } = options;
  const matrix = readChecked('reliabilityBins', yTrue, probabilities, nBins);
  const { values, rows, columns } = matrix;
  const predicted = new Float64Array(rows);
  const positive = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    if (columns === 1) {
      predicted[i] = values[i];
      positive[i] = yTrue[i];
    } else {
      const top = topLabel(values, i, columns);
      predicted[i] = values[i * columns + top];
      positive[i] = top === yTrue[i] ? 1 : 0;
    }
  }
  return binPredictions(predicted, positive, nBins);
}

/**
 * The expected calibration error in its standard top-label form (Naeini et al. 2015; Guo et al. 2017): samples
 * are put in `nBins` equal-width bins on (0, 1] by their confidence, the largest probability of their row, and
 * `ECE = sum over bins of (n_b / N) |accuracy_b - confidence_b|`, where accuracy_b is the share of the bin's
 * samples whose top label (the first column with the largest probability) is the true class and confidence_b
 * their mean confidence. 0 is perfectly calibrated. scikit-learn has no ECE.
 *
 * Probabilities are `[N, C]` rows summing to 1, or for a binary problem the probability of class 1 (a flat
 * array, or a Tensor `[N]` or `[N, 1]`), read as rows `[1 - p, p]`: the confidence is `max(p, 1 - p)`.
 * @example
 * expectedCalibrationError([0, 1, 1, 0], [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.3, 0.7]], { nBins: 5 });
 * // 0.25: (0.4, 0.6] holds 0.6 (right), (0.6, 0.8] holds 0.8 (right) and 0.7 (wrong), (0.8, 1] holds 0.9 (right):
 * // (1/4) |1 - 0.6| + (2/4) |0.5 - 0.75| + (1/4) |1 - 0.9|
 */
export function expectedCalibrationError(
  yTrue: ArrayLike<number>,
  probabilities: Probabilities,
  options: ReliabilityOptions = {},
): number {
  const { nBins = 10 } = options;
  const { values, rows, columns } = readChecked('expectedCalibrationError', yTrue, probabilities, nBins);
  const confidence = new Float64Array(rows);
  const correct = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    if (columns === 1) {
      const p = values[i];
      // The row [1 - p, p]: class 1 is the top label only when p is strictly larger.
      const top = p > 1 - p ? 1 : 0;
      confidence[i] = top === 1 ? p : 1 - p;
      correct[i] = top === yTrue[i] ? 1 : 0;
    } else {
      const top = topLabel(values, i, columns);
      confidence[i] = values[i * columns + top];
      correct[i] = top === yTrue[i] ? 1 : 0;
    }
  }
  let ece = 0;
  for (const bin of binPredictions(confidence, correct, nBins)) {
    if (bin.count > 0) ece += (bin.count / rows) * Math.abs(bin.fractionPositive - bin.meanPredicted);
  }
  return ece;
}

function readChecked(fn: string, yTrue: ArrayLike<number>, probabilities: Probabilities, nBins: number): ProbabilityMatrix {
  checkBinCount(fn, nBins);
  const matrix = readMatrix(fn, 'probabilities', probabilities);
  checkSameLength(fn, yTrue, 'probabilities', matrix.rows);
  const { columns } = matrix;
  checkClassIndices(fn, 'yTrue', yTrue, Math.max(columns, 2),
    columns === 1 ? 'a binary problem (probabilities give P(class 1))' : `${columns} probability columns`);
  checkProbabilityRows(fn, 'probabilities', matrix);
  return matrix;
}

/** The first column holding the row's largest probability (numpy's argmax). */
function topLabel(values: ArrayLike<number>, row: number, columns: number): number {
  let top = 0;
  for (let k = 1; k < columns; k++) if (values[row * columns + k] > values[row * columns + top]) top = k;
  return top;
}

function binPredictions(predicted: Float64Array, positive: Float64Array, nBins: number): ReliabilityBin[] {
  const edges = uniformEdges(nBins);
  const { sums, positives, counts } = binTotals(edges, predicted, positive);
  return Array.from({ length: nBins }, (_, b) => ({
    lower: edges[b],
    upper: edges[b + 1],
    count: counts[b],
    meanPredicted: counts[b] === 0 ? NaN : sums[b] / counts[b],
    fractionPositive: counts[b] === 0 ? NaN : positives[b] / counts[b],
  }));
}
