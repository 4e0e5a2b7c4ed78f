// Reading the `Probabilities` argument of the metrics (a Tensor, nested rows, or a flat array) as one flat matrix.
import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Predicted probabilities, one row per sample: a Tensor `[N, C]`, or `N` rows of `C` numbers. A Tensor
 * `[N]` or `[N, 1]`, or a flat array of `N` numbers, holds the probability of class 1 of a binary problem.
 */
export type Probabilities = Tensor | ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** A `Probabilities` argument as flat row-major values; `columns` is 1 for a flat array or a Tensor `[N]`. */
export interface ProbabilityMatrix {
  values: ArrayLike<number>;
  rows: number;
  columns: number;
  /** Whether the values are float32 (a float32 Tensor or Float32Array rows), which sets logLoss's default eps. */
  float32: boolean;
}

/** Reads `input`, the argument `name` of `fn`, as a matrix; errors name both. */
export function readMatrix(fn: string, name: string, input: Probabilities): ProbabilityMatrix {
  if (input instanceof Tensor) {
    const { shape } = input;
    if (shape.length === 1 || (shape.length === 2 && shape[1] >= 1)) {
      return { values: input.data, rows: shape[0], columns: shape[1] ?? 1, float32: input.dtype === 'float32' };
    }
    throw new ShapeError(`${fn}: ${name} must have shape [N, C] or [N], got ${formatShape(shape)}`);
  }
  if (input.length === 0 || typeof input[0] === 'number') {
    const flat = input as ArrayLike<number>;
    return { values: flat, rows: flat.length, columns: 1, float32: flat instanceof Float32Array };
  }
  const nested = input as ArrayLike<ArrayLike<number>>;
  const rows = nested.length;
  const columns = nested[0].length;
  if (columns === 0) throw new ValueError(`${fn}: ${name} row 0 is empty`);
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const row = nested[i];
    const length = typeof row === 'object' && row !== null ? row.length : 0;
    if (length !== columns) throw new ValueError(`${fn}: ${name} row ${i} has ${length} values, row 0 has ${columns}`);
    for (let j = 0; j < columns; j++) values[i * columns + j] = row[j];
  }
  return { values, rows, columns, float32: nested[0] instanceof Float32Array };
}

/**
 * Throws unless every entry is a probability (in [0, 1]) and, with two or more columns, every row sums to 1
 * within `1e-8 + sqrt(machine epsilon)`, the tolerance of logLoss and of sklearn's probability checks.
 */
export function checkProbabilityRows(fn: string, name: string, matrix: ProbabilityMatrix): void {
  const { values, rows, columns, float32 } = matrix;
  const tolerance = 1e-8 + Math.sqrt(float32 ? 2 ** -23 : Number.EPSILON);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) {
      const p = values[i * columns + j];
      if (!(p >= 0 && p <= 1)) {
        const at = columns === 1 ? `[${i}]` : `[${i}][${j}]`;
        throw new ValueError(`${fn}: ${name}${at} = ${p} is not a probability (it must be in [0, 1])`);
      }
      sum += p;
    }
    if (columns > 1 && Math.abs(sum - 1) > tolerance) {
      throw new ValueError(`${fn}: ${name} row ${i} sums to ${sum}, not 1; pass probabilities such as softmax outputs, not scores or logits`);
    }
  }
}
