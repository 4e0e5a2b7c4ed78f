// Cohen's kappa: agreement between two labellings beyond chance, optionally weighted (sklearn's cohen_kappa_score).
import { ValueError } from '../errors.js';
import { checkLabelPair, presentClasses } from './labels.js';
import { buildConfusionMatrix } from './confusion-matrix.js';

/** Options of `cohenKappa` (scikit-learn's `weights`, `labels` and `sample_weight`). */
export interface CohenKappaOptions {
  /** Disagreement weights: none (every disagreement weighs 1), `'linear'` (|i - j|) or `'quadratic'` ((i - j)²). */
  weights?: 'linear' | 'quadratic';
  /**
   * The classes of the confusion matrix, in this order; default: those in `yTrue` or `yPred`, in increasing order.
   * The linear and quadratic weights use positions in this list, not class indices: pass all classes
   * (`[0, 1, ..., K-1]`) for ordinal classes some of which may be absent.
   */
  labels?: ArrayLike<number>;
  /** One non-negative weight per sample. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * Cohen's kappa, `1 - sum(w * observed) / sum(w * expected)`, as scikit-learn's `cohen_kappa_score`: observed is
 * the confusion matrix, expected the outer product of its column and row sums over the total, and w the
 * disagreement weights (0 on the diagonal). It is 1 for full agreement, 0 for chance; NaN (0 / 0) when both
 * labellings use one and the same class only, as sklearn returns.
 * @example
 * cohenKappa([0, 1, 2, 2, 1, 0], [0, 1, 2, 1, 1, 0]); // 0.75
 * cohenKappa([0, 1, 2, 2, 1, 0], [0, 1, 2, 1, 1, 0], { weights: 'quadratic' }); // 0.8571...
 */
export function cohenKappa(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: CohenKappaOptions = {}): number {
  const { weights } = options;
  if (weights !== undefined && weights !== 'linear' && weights !== 'quadratic') {
    throw new ValueError(`cohenKappa: weights must be 'linear' or 'quadratic' (or left out), got ${String(weights)}`);
  }
  checkLabelPair('cohenKappa', yTrue, yPred);
  const labels = options.labels ?? presentClasses(yTrue, yPred);
  const observed = buildConfusionMatrix('cohenKappa', yTrue, yPred, { labels, sampleWeight: options.sampleWeight });
  const size = observed.length;
  const rowSums = observed.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSums = observed[0].map((_, j) => observed.reduce((a, row) => a + row[j], 0));
  const total = columnSums.reduce((a, b) => a + b, 0);
  const disagreement = (i: number, j: number): number =>
    weights === undefined ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) * (i - j);
  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const w = disagreement(i, j);
      weightedObserved += w * observed[i][j];
      // sklearn's expected = np.outer(column sums, row sums) / total.
      weightedExpected += w * ((columnSums[i] * rowSums[j]) / total);
    }
  }
  return 1 - weightedObserved / weightedExpected;
}
