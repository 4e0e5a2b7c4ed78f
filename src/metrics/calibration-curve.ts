// The calibration curve of a binary classifier: observed frequency of class 1 against mean predicted probability.
import { ValueError } from '../errors.js';
import { binTotals, checkBinCount, quantileEdges, uniformEdges } from './calibration-bins.js';
import { checkBinaryLabels, checkSameLength } from './labels.js';

/** Options of `calibrationCurve` (scikit-learn's `n_bins` and `strategy`). */
export interface CalibrationCurveOptions {
  /** The number of bins (default 5). */
  nBins?: number;
  /** `'uniform'` (default): bins of equal width on [0, 1]; `'quantile'`: bins holding equally many samples. */
  strategy?: 'uniform' | 'quantile';
}

/** The points of a calibration curve, one per non-empty bin, in increasing order of the bins. */
export interface CalibrationCurve {
  /** The fraction of samples of class 1 in each bin. */
  probTrue: number[];
  /** The mean predicted probability in each bin. */
  probPred: number[];
}

/**
 * The calibration (reliability) curve for labels 0 or 1 and the predicted probability of class 1, as
 * scikit-learn's `sklearn.calibration.calibration_curve`: probabilities are put in `nBins` bins closed on the
 * right (`(e_b, e_b+1]`, the first also holding 0), and each non-empty bin gives the fraction of positives and the
 * mean probability; empty bins are dropped. Quantile edges are numpy's linear percentiles, so tied probabilities
 * may leave fewer bins. A well-calibrated classifier's points lie on the diagonal.
 * @example
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { nBins: 3 });
 * // { probTrue: [0, 0.5, 1], probPred: [0.2, 0.525, 0.85] }
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  probPositive: ArrayLike<number>,
  options: CalibrationCurveOptions = {},
): CalibrationCurve {
  const { nBins = 5, strategy = 'uniform' } = options;
  checkSameLength('calibrationCurve', yTrue, 'probPositive', probPositive.length);
  checkBinaryLabels('calibrationCurve', yTrue);
  checkBinCount('calibrationCurve', nBins);
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new ValueError(`calibrationCurve: strategy must be 'uniform' or 'quantile', got ${String(strategy)}`);
  }
  for (let i = 0; i < probPositive.length; i++) {
    const p = probPositive[i];
    if (!(p >= 0 && p <= 1)) throw new ValueError(`calibrationCurve: probPositive[${i}] = ${p} is not a probability (it must be in [0, 1])`);
  }

  const edges = strategy === 'uniform' ? uniformEdges(nBins) : quantileEdges(probPositive, nBins);
  const { sums: probabilitySums, positives, counts } = binTotals(edges, probPositive, yTrue);
  const probTrue: number[] = [];
  const probPred: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (counts[b] === 0) continue;
    probTrue.push(positives[b] / counts[b]);
    probPred.push(probabilitySums[b] / counts[b]);
  }
  return { probTrue, probPred };
}
