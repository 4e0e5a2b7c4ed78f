// Log loss: the mean negative log-probability of the true class (sklearn's log_loss, as of version 1.2).
import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkClassIndices, checkSameLength } from './labels.js';
import { portableLog } from '../tensor/portable-math.js';

/**
 * Predicted probabilities, one row per sample: a Tensor `[N, C]`, or `N` rows of `C` numbers. A Tensor
 * `[N]` or `[N, 1]`, or a flat array of `N` numbers, holds the probability of class 1 of a binary problem.
 */
export type Probabilities = Tensor | ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** Options of `logLoss`. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to `[eps, 1 - eps]` so that a zero probability gives a large, finite loss.
   * Default: the machine epsilon of the input's type, as sklearn 1.2+ (`np.finfo(y_pred.dtype).eps`):
   * 2^-23 for a float32 Tensor or Float32Array, 2^-52 otherwise. Allowed range `[0, 0.5]`.
   */
  eps?: number;
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
 * @example
 * logLoss([0, 0, 1, 1], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.01, 0.99]]); // 0.1738...
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: Probabilities, options: LogLossOptions = {}): number {
  const { values, rows, columns, float32 } = asMatrix(probabilities);
  checkSameLength('logLoss', yTrue, 'probabilities', rows);
  const machineEpsilon = float32 ? 2 ** -23 : Number.EPSILON;
  const eps = options.eps ?? machineEpsilon;
  if (!(eps >= 0 && eps <= 0.5)) throw new ValueError(`logLoss: eps must be in [0, 0.5], got ${eps}`);
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);

  let total = 0;
  if (columns === 1) {
    checkClassIndices('logLoss', 'yTrue', yTrue, 2, 'a binary problem (probabilities give P(class 1))');
    for (let i = 0; i < rows; i++) {
      const p = values[i];
      if (!(p >= 0 && p <= 1)) throw new ValueError(`logLoss: probabilities[${i}] = ${p} is not a probability (it must be in [0, 1])`);
      // sklearn clips P(class 1) first, then builds the row [1 - p, p] and renormalises it.
      const positive = clip(p);
      const negative = 1 - positive;
      total -= portableLog((yTrue[i] === 1 ? positive : negative) / (negative + positive));
    }
    return total / rows;
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
    total -= portableLog(clip(values[row + yTrue[i]]) / clippedSum);
  }
  return total / rows;
}

/** The probabilities as flat row-major values with their row and column counts. */
function asMatrix(probabilities: Probabilities): { values: ArrayLike<number>; rows: number; columns: number; float32: boolean } {
  if (probabilities instanceof Tensor) {
    const { shape } = probabilities;
    if (shape.length === 1 || (shape.length === 2 && shape[1] >= 1)) {
      return { values: probabilities.data, rows: shape[0], columns: shape[1] ?? 1, float32: probabilities.dtype === 'float32' };
    }
    throw new ShapeError(`logLoss: probabilities must have shape [N, C] or [N], got ${formatShape(shape)}`);
  }
  if (probabilities.length === 0 || typeof probabilities[0] === 'number') {
    const flat = probabilities as ArrayLike<number>;
    return { values: flat, rows: flat.length, columns: 1, float32: flat instanceof Float32Array };
  }
  const nested = probabilities as ArrayLike<ArrayLike<number>>;
  const rows = nested.length;
  const columns = nested[0].length;
  if (columns === 0) throw new ValueError('logLoss: probabilities row 0 is empty');
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const row = nested[i];
    const length = typeof row === 'object' && row !== null ? row.length : 0;
    if (length !== columns) throw new ValueError(`logLoss: probabilities row ${i} has ${length} values, row 0 has ${columns}`);
    for (let j = 0; j < columns; j++) values[i * columns + j] = row[j];
  }
  return { values, rows, columns, float32: nested[0] instanceof Float32Array };
}
