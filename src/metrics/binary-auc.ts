// The area under a binary ROC curve, unweighted (exactly, by ranks) and weighted (by sklearn's trapezoids).
import { rocPoints } from './roc-curve.js';

/**
 * The unweighted ROC AUC of 0/1 labels `isPositive` (both present) and finite `scores`, exactly: the rank
 * statistic P(score of a positive > score of a negative) + P(tie) / 2, which equals the trapezoidal area.
 */
export function rankAuc(isPositive: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = isPositive.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += isPositive[i];
  const negatives = n - positives;
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
    while (end < n && scores[order[end]] === scores[order[start]]) groupPositives += isPositive[order[end++]];
    const groupNegatives = end - start - groupPositives;
    twiceArea += groupNegatives * (2 * truePositives + groupPositives);
    truePositives += groupPositives;
    start = end;
  }
  return twiceArea / (2 * positives * negatives);
}

/**
 * The weighted ROC AUC as sklearn computes it: the trapezoidal rule (`np.trapz`) over `roc_curve`'s points.
 * NaN when the samples of non-zero weight hold one class only (sklearn's curve is NaN then).
 */
export function weightedBinaryAuc(
  fn: string,
  isPositive: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
): number {
  const { fpr, tpr } = rocPoints(fn, isPositive, scores, sampleWeight, true);
  let area = 0;
  for (let i = 0; i + 1 < fpr.length; i++) area += ((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i])) / 2;
  return area;
}
