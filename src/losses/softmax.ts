// softmax and logSoftmax along one axis, and the stable log-sum-exp kernel they share with cross-entropy.
import { allocate, type FloatArray } from '../tensor/dtype.js';
import { normalizeAxis, sizeOf } from '../tensor/shape.js';
import { gradBuffer, opResult, type Tensor } from '../tensor/tensor.js';
import { rowExpSumsWasm } from '../tensor/kernels/row-exp-sums.js';
import { portableExp, portableLog } from '../tensor/portable-math.js';

/**
 * For `x` viewed as `[outer, length, inner]`, writes `shift[o, i] = max_j x[o, j, i]` and
 * `logSum[o, i] = log sum_j exp(x[o, j, i] - shift[o, i])`, so that `log softmax = (x - shift) - logSum`,
 * and, if `exps` is given, `exps[o, j, i] = exp(x[o, j, i] - shift[o, i])` (softmax times the row's sum).
 *
 * Every exponent `x_j - max` is <= 0, so exp never overflows, and the largest term is exp(0) = 1, so the sum lies
 * in [1, length] and its log is finite and >= 0: logits of +-1e4 give exact results (the naive form is
 * log(Infinity)), and a row of equal values gives `logSum = log(length)`. The parts stay apart because
 * `(x - max) - logSum` is what PyTorch computes: folding them into `max + logSum` first would round away the low
 * bits of `logSum` when |max| is large (an ulp of 1e4 is 1.8e-12).
 */
export function stableLogSumExp(
  x: ArrayLike<number>,
  outer: number,
  length: number,
  inner: number,
  shift: Float64Array,
  logSum: Float64Array,
  exps: FloatArray | null = null,
): void {
  if (inner === 1 && (exps === null || exps instanceof Float64Array) && rowExpSumsWasm(x, outer, length, shift, logSum, exps)) {
    for (let o = 0; o < outer; o++) logSum[o] = portableLog(logSum[o]);
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      const end = start + length * inner;
      let max = -Infinity;
      for (let k = start; k < end; k += inner) if (x[k] > max) max = x[k];
      let s = 0;
      if (exps === null) for (let k = start; k < end; k += inner) s += portableExp(x[k] - max);
      else for (let k = start; k < end; k += inner) s += exps[k] = portableExp(x[k] - max);
      shift[o * inner + i] = max;
      logSum[o * inner + i] = portableLog(s);
    }
  }
}

/** `[outer, length, inner]` of `z` around `axis`. */
function axisView(op: string, z: Tensor, axis: number): [number, number, number] {
  const ax = normalizeAxis(op, axis, z.rank);
  return [sizeOf(z.shape.slice(0, ax)), z.shape[ax], sizeOf(z.shape.slice(ax + 1))];
}

/**
 * `exp(z) / sum(exp(z))` along `axis` (the last by default), computed as `exp(z - max) / sum`: finite
 * for any finite logits.
 * @example
 * const probabilities = softmax(model.forward(x)); // each row sums to 1
 */
export function softmax(z: Tensor, axis = -1): Tensor {
  const [outer, length, inner] = axisView('softmax', z, axis);
  const shift = new Float64Array(outer * inner);
  const logSum = new Float64Array(outer * inner);
  const y = allocate(z.dtype, z.size);
  return opResult(y, z.shape, [z], {
    name: 'softmax',
    args: [outer, length, inner],
    forward: () => {
      stableLogSumExp(z.data, outer, length, inner, shift, logSum, y);
      forEachLine(outer, length, inner, (r, start, end) => {
        const invSum = portableExp(-logSum[r]);
        for (let k = start; k < end; k += inner) y[k] *= invSum;
      });
    },
    // dz_j = y_j (g_j - sum_k g_k y_k): the Jacobian of softmax is diag(y) - y y^T.
    backward: (g) => {
      const dz = gradBuffer(z);
      forEachLine(outer, length, inner, (_r, start, end) => {
        let gy = 0;
        for (let k = start; k < end; k += inner) gy += g[k] * y[k];
        for (let k = start; k < end; k += inner) dz[k] += y[k] * (g[k] - gy);
      });
    },
  });
}

/**
 * `log(softmax(z))` along `axis` (the last by default), computed as `(z - max) - logSum`: never
 * `-Infinity` for finite logits (a logit 1.1e4 below the row's max gives -1.1e4, as in PyTorch).
 * @example
 * const logProbabilities = logSoftmax(logits);
 */
export function logSoftmax(z: Tensor, axis = -1): Tensor {
  const [outer, length, inner] = axisView('logSoftmax', z, axis);
  const shift = new Float64Array(outer * inner);
  const logSum = new Float64Array(outer * inner);
  const x = z.data;
  const y = allocate(z.dtype, z.size);
  return opResult(y, z.shape, [z], {
    name: 'logSoftmax',
    args: [outer, length, inner],
    forward: () => {
      stableLogSumExp(x, outer, length, inner, shift, logSum);
      forEachLine(outer, length, inner, (r, start, end) => {
        for (let k = start; k < end; k += inner) y[k] = x[k] - shift[r] - logSum[r];
      });
    },
    // dz_j = g_j - softmax_j * sum_k g_k, with softmax_j = exp(y_j) read back from the saved output.
    backward: (g) => {
      const dz = gradBuffer(z);
      forEachLine(outer, length, inner, (_r, start, end) => {
        let gSum = 0;
        for (let k = start; k < end; k += inner) gSum += g[k];
        for (let k = start; k < end; k += inner) dz[k] += g[k] - portableExp(y[k]) * gSum;
      });
    },
  });
}

/** Calls `visit(line, start, end)` for each line along the axis; its elements are `start, start + inner, ... < end`. */
function forEachLine(
  outer: number,
  length: number,
  inner: number,
  visit: (line: number, start: number, end: number) => void,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      visit(o * inner + i, start, start + length * inner);
    }
  }
}
