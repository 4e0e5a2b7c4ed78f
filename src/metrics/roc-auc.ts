// Area under the ROC curve: binary, and one-vs-rest or one-vs-one over several classes (sklearn's roc_auc_score).
import { ValueError } from '../errors.js';
import { checkSameLength } from './labels.js';
import { readMatrix, type Probabilities } from './probability-matrix.js';
import { rankAuc, weightedBinaryAuc } from './binary-auc.js';
import { multiclassRocAuc } from './roc-auc-multiclass.js';
import { checkSampleWeight } from './sample-weight.js';

/** Options of `rocAuc` (scikit-learn's `sample_weight`, `multi_class`, `average` and `labels`). */
export interface RocAucOptions {
  /** One non-negative weight per sample; zero-weighted samples are left out. Not with `multiClass: 'ovo'`, as sklearn. */
  sampleWeight?: ArrayLike<number>;
  /**
   * For `[N, C]` class probabilities (required there, as sklearn requires `multi_class`): `'ovr'` scores each
   * class against the rest, `'ovo'` each pair of classes (Hand & Till 2001).
   */
  multiClass?: 'ovr' | 'ovo';
  /**
   * How the class (ovr) or pair (ovo) scores are combined: `'macro'` (default) their mean, `'weighted'` their mean
   * weighted by prevalence (ovr: the class's (weighted) support; ovo: the pair's share of samples), `'micro'` (ovr
   * only) one curve through all `N × C` (sample, class) pairs.
   */
  average?: 'macro' | 'weighted' | 'micro';
  /**
   * The class of each column, increasing, one per column (sklearn's `labels`). Default: the classes in `yTrue`,
   * which must then number C (and be below C: column k holds class k).
   */
  labels?: ArrayLike<number>;
}

/**
 * The area under the ROC curve, as scikit-learn's `roc_auc_score`.
 *
 * Binary (one score per sample: a flat array, or a Tensor `[N]` or `[N, 1]`): labels 0 or 1 and scores that
 * rank class 1 higher; the trapezoidal area under the curve through (0, 0), one point per distinct score, and
 * (1, 1). A run of tied scores is one diagonal segment, so a tied (positive, negative) pair counts one half.
 *
 * Several classes (class probabilities `[N, C]`, rows summing to 1 within numpy's `allclose`): with `multiClass`
 * `'ovr'` or `'ovo'` and `average`, as sklearn's `multi_class` and `average`; see `RocAucOptions`. Unlike sklearn,
 * which rejects two columns, `[N, 2]` probabilities are scored as any other matrix (ovr and ovo both give the
 * binary score of column 1 when rows sum to 1).
 *
 * Throws a ValueError when `yTrue` holds only one class (for ovr: when some class has no sample, or only
 * samples), as sklearn does.
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAuc([0, 1, 2, 2], [[0.7, 0.2, 0.1], [0.4, 0.3, 0.3], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], { multiClass: 'ovo' }); // 0.7916...
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: Probabilities, options: RocAucOptions = {}): number {
  const matrix = readMatrix('rocAuc', 'scores', scores);
  if (matrix.columns > 1) return multiclassRocAuc(yTrue, matrix, options);
  const { values } = matrix;
  if (options.sampleWeight === undefined) return binaryRocAuc(yTrue, values);

  checkSameLength('rocAuc', yTrue, 'scores', values.length);
  const sampleWeight = checkSampleWeight('rocAuc', options.sampleWeight, yTrue.length);
  checkBothClasses(yTrue, values);
  return weightedBinaryAuc('rocAuc', yTrue, values, sampleWeight);
}

/** The binary ROC AUC without weights; every check in the order the first version of rocAuc made them. */
function binaryRocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkSameLength('rocAuc', yTrue, 'scores', scores.length);
  checkBothClasses(yTrue, scores);
  return rankAuc(yTrue, scores);
}

function checkBothClasses(yTrue: ArrayLike<number>, scores: ArrayLike<number>): void {
  const n = yTrue.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new ValueError(`rocAuc: yTrue[${i}] = ${yTrue[i]} is not a binary label (0 or 1)`);
    if (!Number.isFinite(scores[i])) throw new ValueError(`rocAuc: scores[${i}] = ${scores[i]} is not a finite number`);
    positives += yTrue[i];
  }
  if (positives === 0 || positives === n) {
    throw new ValueError(`rocAuc: only one class present in yTrue (all ${n} labels are ${yTrue[0]}); ROC AUC is not defined in that case`);
  }
}
