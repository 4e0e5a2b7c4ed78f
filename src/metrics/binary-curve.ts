// Cumulative true and false positives at each distinct score, the walk behind the ROC and precision-recall curves.
import { ValueError } from '../errors.js';
import { checkBinaryLabels, checkSameLength } from './labels.js';
import { checkSampleWeight } from './sample-weight.js';

/** The counts (or weights) of positives and negatives scoring at or above each threshold. */
export interface BinaryCurve {
  /** False positives at or above `thresholds[i]`, increasing. */
  falsePositives: number[];
  /** True positives at or above `thresholds[i]`, increasing. */
  truePositives: number[];
  /** The distinct scores, decreasing. */
  thresholds: number[];
}

/**
 * sklearn's `_binary_clf_curve`: one point per distinct score, from the highest down, of the (weighted) numbers of
 * positives and negatives scoring at least that much. Zero-weighted samples are dropped first, as in sklearn;
 * labels must be 0 or 1 (class 1 is positive) and scores finite.
 */
export function binaryCurve(
  fn: string,
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
): BinaryCurve {
  checkSameLength(fn, yTrue, 'scores', scores.length);
  checkBinaryLabels(fn, yTrue);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new ValueError(`${fn}: scores[${i}] = ${scores[i]} is not a finite number`);
  }
  const weights = checkSampleWeight(fn, sampleWeight, yTrue.length);
  const kept: number[] = [];
  for (let i = 0; i < yTrue.length; i++) if (weights === undefined || weights[i] !== 0) kept.push(i);
  if (kept.length === 0) throw new ValueError(`${fn}: every sample weight is zero; a curve needs a sample of non-zero weight`);

  // sklearn sorts with a stable ascending sort and reverses it: ties end up in decreasing index order. The
  // cumulative sums then add the weights in sklearn's order, so that they, and the corners
  // rocCurve keeps, agree with sklearn's to the last bit.
  kept.sort((a, b) => scores[b] - scores[a] || b - a);
  const falsePositives: number[] = [];
  const truePositives: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < kept.length; r++) {
    const i = kept[r];
    const w = weights === undefined ? 1 : weights[i];
    if (yTrue[i] === 1) tp += w;
    else fp += w;
    const last = r === kept.length - 1 || scores[kept[r + 1]] !== scores[i];
    if (last) {
      truePositives.push(tp);
      falsePositives.push(fp);
      thresholds.push(scores[i]);
    }
  }
  return { falsePositives, truePositives, thresholds };
}
