// Area under the ROC curve of a binary problem (sklearn's roc_auc_score for binary labels).
import { ValueError } from '../errors.js';
import { checkSameLength } from './labels.js';

/**
 * The area under the ROC curve for binary labels `yTrue` (0 or 1) and scores that rank class 1 higher,
 * as scikit-learn's `roc_auc_score`: the trapezoidal area under the curve through (0, 0), one point per
 * distinct score, and (1, 1). A run of tied scores is one diagonal segment, so a tied (positive,
 * negative) pair counts one half. Throws a ValueError when `yTrue` holds only one class, as sklearn does.
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkSameLength('rocAuc', yTrue, 'scores', scores.length);
  const n = yTrue.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new ValueError(`rocAuc: yTrue[${i}] = ${yTrue[i]} is not a binary label (0 or 1)`);
    if (!Number.isFinite(scores[i])) throw new ValueError(`rocAuc: scores[${i}] = ${scores[i]} is not a finite number`);
    positives += yTrue[i];
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new ValueError(`rocAuc: only one class present in yTrue (all ${n} labels are ${yTrue[0]}); ROC AUC is not defined in that case`);
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a]);

  // Walk the thresholds from the highest score down. A group of tied scores moves the curve from
  // (fp, tp) to (fp + groupNeg, tp + groupPos); its trapezoid has area groupNeg * (2 tp + groupPos) / 2
  // in count units. Summing twice the areas in integers keeps the total exact (below 2^53 for any
  // n < 9e7), so the one rounding is the final division by 2 * positives * negatives.
  let truePositives = 0;
  let twiceArea = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let groupPositives = 0;
    while (end < n && scores[order[end]] === scores[order[start]]) groupPositives += yTrue[order[end++]];
    const groupNegatives = end - start - groupPositives;
    twiceArea += groupNegatives * (2 * truePositives + groupPositives);
    truePositives += groupPositives;
    start = end;
  }
  return twiceArea / (2 * positives * negatives);
}
