// The F-beta score with sklearn's `average` choices (sklearn's fbeta_score).
import { ValueError } from '../errors.js';
import { checkLabelPair, presentClasses } from './labels.js';
import { scoreClasses } from './precision-recall-f1.js';

/** How `fbetaScore` reduces the per-class scores (sklearn's `average`); `'none'` or `null` returns them all. */
export type FbetaAverage = 'binary' | 'macro' | 'weighted' | 'micro' | 'none' | null;

/** Options of `fbetaScore` (scikit-learn's `beta`, `average`, `labels`, `sample_weight`, `zero_division`). */
export interface FbetaScoreOptions {
  /** The weight of recall against precision: 1 gives F1, 2 favours recall, 0.5 precision, `Infinity` is recall. */
  beta: number;
  /**
   * `'binary'` (sklearn's default): the score of class 1, for labels that are all 0 or 1; `'macro'`: the mean over
   * classes; `'weighted'`: the mean weighted by support; `'micro'`: the score of the pooled counts; `'none'` or
   * `null`: one score per class, in the order of `labels`.
   */
  average?: FbetaAverage;
  /** The classes to score, in this order. Default: those in `yTrue` or `yPred`, in increasing order (as sklearn). */
  labels?: ArrayLike<number>;
  /** One non-negative weight per sample. */
  sampleWeight?: ArrayLike<number>;
  /** The score of a class whose F-beta denominator is zero: 0 (default), 1 or NaN, as in `precisionRecallF1`. */
  zeroDivision?: number;
}

/**
 * The F-beta score, `(1 + beta²) tp / ((1 + beta²) tp + beta² fn + fp)`, as scikit-learn's `fbeta_score`:
 * the weighted harmonic mean of precision and recall. Returns one number, or with `average: 'none'` (or `null`)
 * one per class. With `average: 'binary'` yTrue and yPred may hold at most two classes, one of them 1, the
 * positive class; sklearn ignores `labels` then, and so do we.
 * @example
 * fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { beta: 0.5, average: 'macro' }); // 0.2380...
 * fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { beta: 0.5, average: 'none' }); // [0.714..., 0, 0]
 * fbetaScore([0, 1, 1, 0], [0, 1, 0, 0], { beta: 2 }); // class 1: 5 * 1 / (5 * 1 + 4 * 1 + 0) = 0.5555...
 */
export function fbetaScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: FbetaScoreOptions & { average: 'none' | null }): number[];
export function fbetaScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: FbetaScoreOptions): number;
export function fbetaScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: FbetaScoreOptions): number | number[] {
  const { beta, average = 'binary', sampleWeight, zeroDivision } = options;
  if (!['binary', 'macro', 'weighted', 'micro', 'none', null].includes(average)) {
    throw new ValueError(`fbetaScore: average must be 'binary', 'macro', 'weighted', 'micro', 'none' or null, got ${String(average)}`);
  }
  if (typeof beta !== 'number' || !(beta >= 0)) throw new ValueError(`fbetaScore: beta must be a number >= 0, got ${String(beta)}`);
  checkLabelPair('fbetaScore', yTrue, yPred);
  let labels = options.labels;
  if (average === 'binary') {
    // sklearn: more than two classes is a multiclass target; two classes must include the positive class 1.
    const present = presentClasses(yTrue, yPred);
    if (present.length > 2 || (present.length === 2 && !present.includes(1))) {
      throw new ValueError(
        `fbetaScore: average is 'binary' but yTrue and yPred hold the classes [${present.join(', ')}], not a binary ` +
          "problem's 0 and 1; choose average 'macro', 'weighted', 'micro' or 'none'",
      );
    }
    labels = [1];
  }
  labels ??= presentClasses(yTrue, yPred);
  const scores = scoreClasses('fbetaScore', yTrue, yPred, { labels, sampleWeight, zeroDivision, beta });
  switch (average) {
    case 'binary': return scores.fbeta[0];
    case 'macro': return scores.macro.fbeta;
    case 'weighted': return scores.weighted.fbeta;
    case 'micro': return scores.micro.fbeta;
    default: return scores.fbeta;
  }
}
