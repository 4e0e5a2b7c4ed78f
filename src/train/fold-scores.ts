// The scores of one cross-validation fold (or any labelled rows) from their class probabilities.
import { logLoss } from '../metrics/log-loss.js';
import { accuracy } from '../metrics/accuracy.js';
import { balancedAccuracy } from '../metrics/balanced-accuracy.js';
import { fbetaScore } from '../metrics/fbeta-score.js';
import type { Tensor } from '../tensor/tensor.js';

/** The four scores cross-validation reports, with scikit-learn's definitions. */
export interface Scores {
  /** The fraction of rows predicted right. */
  accuracy: number;
  /** The mean recall over the classes present in the rows (`balanced_accuracy_score`). */
  balancedAccuracy: number;
  /** The mean F1 over the classes present in the rows or the predictions (`f1_score(average='macro')`). */
  macroF1: number;
  /** The mean negative log-likelihood of the true classes (`log_loss`, over all the model's classes). */
  logLoss: number;
}

/** The names of `Scores`, in the order reports show them. */
export const SCORE_NAMES = ['accuracy', 'balancedAccuracy', 'macroF1', 'logLoss'] as const satisfies readonly (keyof Scores)[];

/** The scores of rows with true classes `y` and class probabilities `probabilities` (`[N, C]`), the argmax predicted. */
export function scoresOf(y: Int32Array, probabilities: Tensor): Scores {
  const classes = probabilities.shape[1];
  const p = probabilities.data;
  const predictions = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    predictions[i] = best;
  }
  return {
    accuracy: accuracy(y, predictions),
    balancedAccuracy: balancedAccuracy(y, predictions),
    macroF1: fbetaScore(y, predictions, { beta: 1, average: 'macro' }),
    logLoss: logLoss(y, probabilities),
  };
}

/** The mean and (population, numpy's default) standard deviation of each score over folds. */
export function summarise(folds: readonly Scores[]): { mean: Scores; std: Scores } {
  const mean = {} as Scores;
  const std = {} as Scores;
  for (const name of SCORE_NAMES) ({ mean: mean[name], std: std[name] } = meanAndStd(folds.map((f) => f[name])));
  return { mean, std };
}

/** The mean of `values` and their population standard deviation (numpy's default, ddof 0). */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) };
}
