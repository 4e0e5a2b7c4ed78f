// Log loss: the mean negative log-probability of the true class (sklearn's log_loss, as of version 1.2).
import { ValueError } from '../errors.js';
import { checkClassIndices, checkSameLength } from './labels.js';
import { portableLog } from '../tensor/portable-math.js';
import { readMatrix, type Probabilities } from './probability-matrix.js';
import { checkSampleWeight, weightOf } from './sample-weight.js';

export type { Probabilities } from './probability-matrix.js';

/** Options of `logLoss`. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to `[eps, 1 - eps]` so that a zero probability gives a large, finite loss.
   * Default: the machine epsilon of the input's type, as sklearn 1.2+ (`np.finfo(y_pred.dtype).eps`):
   * 2^-23 for a float32 Tensor or Float32Array, 2^-52 otherwise. Allowed range `[0, 0.5]`.
   */
  eps?: number;
  /** One weight per sample: the loss is then `sum(w_i loss_i) / sum(w_i)`, as sklearn's `sample_weight`. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The mean over samples of `-log p[i][yTrue[i]]`, as scikit-learn 1.2's `log_loss` with
 * `labels=range(C)`: probabilities are clipped to `[eps, 1 - eps]`, each row is divided by its sum, and the
 * natural log of the true class's entry is taken. Class `k` is column `k`.
 *
 * sklearn's versions differ here: eps was 1e-15 up to 1.1 and is the dtype's machine epsilon from 1.2 (our
 * default); clipped rows are divided by their sum up to 1.4 (as here), not from 1.5. Where sklearn (1.3 on) only
 * warns that rows do not sum to one, we throw a ValueError, with 1.5's test (within 1e-8 + sqrt(machine epsilon)
 * of 1): such rows almost always mean scores or logits were passed, and on rows that pass 1.2 and 1.5 agree to
 * within that tolerance. Entries must be finite and non-negative; sums run in float64 even for float32 input.
 * With `sampleWeight`, the mean is weighted (numpy's `np.average`); weights that sum to zero are a ValueError.
 * @example
 * logLoss([0, 0, 1, 1], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.01, 0.99]]); // 0.1738...
 * logLoss([0, 1], [0.2, 0.6], { sampleWeight: [3, 1] }); // (3 * -log 0.8 - log 0.6) / 4
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: Probabilities, options: LogLossOptions = {}): number {
  const { values, rows, columns, float32 } = readMatrix('logLoss', 'probabilities', probabilities);
  checkSameLength('logLoss', yTrue, 'probabilities', rows);
  const sampleWeight = checkSampleWeight('logLoss', options.sampleWeight, rows);
  const machineEpsilon = float32 ? 2 ** -23 : Number.EPSILON;
  const eps = options.eps ?? machineEpsilon;
  if (!(eps >= 0 && eps <= 0.5)) throw new ValueError(`logLoss: eps must be in [0, 0.5], got ${eps}`);
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);

  let total = 0;
  let weightSum = 0;
  const mean = (): number => {
    if (sampleWeight === undefined) return total / rows;
    if (weightSum === 0) throw new ValueError('logLoss: the sample weights sum to zero; the weighted mean is not defined');
    return total / weightSum;
  };
  if (columns === 1) {
    checkClassIndices('logLoss', 'yTrue', yTrue, 2, 'a binary problem (probabilities give P(class 1))');
    for (let i = 0; i < rows; i++) {
      const p = values[i];
      if (!(p >= 0 && p <= 1)) throw new ValueError(`logLoss: probabilities[${i}] = ${p} is not a probability (it must be in [0, 1])`);
      // sklearn clips P(class 1) first, then builds the row [1 - p, p] and renormalises it.
      const positive = clip(p);
      const negative = 1 - positive;
      const w = weightOf(sampleWeight, i);
      total -= w * portableLog((yTrue[i] === 1 ? positive : negative) / (negative + positive));
      weightSum += w;
    }
    return mean();
  }

  checkClassIndices('logLoss', 'yTrue', yTrue, columns, `${columns} probability columns`);
  const tolerance = 1e-8 + Math.sqrt(machineEpsilon);
  for (let i = 0; i < rows; i++) {
    const row = i * columns;
    let sum = 0;
    let clippedSum = 0;
    for (let j = 0; j < columns; j++) {
      const p = values[row + j];
      if (!(p >= 0 && p < Infinity)) {
        throw new ValueError(`logLoss: probabilities[${i}][${j}] = ${p} is not a probability (it must be finite and >= 0)`);
      }
      sum += p;
      clippedSum += clip(p);
    }
    if (Math.abs(sum - 1) > tolerance) {
      const shown = Array.from({ length: Math.min(columns, 6) }, (_, j) => values[row + j]).join(', ');
      throw new ValueError(
        `logLoss: probabilities row ${i} sums to ${sum}, not 1 (values ${shown}${columns > 6 ? ', ...' : ''}); ` +
          'pass probabilities such as softmax outputs, not scores or logits',
      );
    }
    const w = weightOf(sampleWeight, i);
    total -= w * portableLog(clip(values[row + yTrue[i]]) / clippedSum);
    weightSum += w;
  }
  return mean();
}
