// sum, mean and argmax, over everything or along one axis.
import { ShapeError } from '../errors.js';
import { spreadAxis, sumAxis } from './kernels/reduce.js';
import { formatShape, normalizeAxis, sizeOf } from './shape.js';
import { allocate } from './dtype.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';

/** Options of `sum` and `mean`. */
export interface ReduceOptions {
  /** The axis to reduce (negative counts from the end); all axes when absent. */
  axis?: number;
  /** Keep the reduced axis with length 1, so the result broadcasts against the input. */
  keepDims?: boolean;
}

/**
 * Sum of all elements, or along `axis`.
 * @example
 * x.sum();                 // shape []
 * x.sum({ axis: 1, keepDims: true }); // [N, 1]
 */
export function sum(a: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce('sum', a, options, 1);
}

/** Mean of all elements, or along `axis`. */
export function mean(a: Tensor, options: ReduceOptions = {}): Tensor {
  const length = options.axis === undefined ? a.size : a.shape[normalizeAxis('mean', options.axis, a.rank)];
  return reduce('mean', a, options, 1 / length);
}

function reduce(op: string, a: Tensor, options: ReduceOptions, scale: number): Tensor {
  const axis = options.axis === undefined ? undefined : normalizeAxis(op, options.axis, a.rank);
  const [outer, length, inner] = aroundAxis(a, axis);
  let shape: number[];
  if (axis === undefined) shape = options.keepDims ? a.shape.map(() => 1) : [];
  else shape = options.keepDims ? a.shape.map((d, i) => (i === axis ? 1 : d)) : a.shape.filter((_, i) => i !== axis);
  const x = a.data;
  const out = allocate(a.dtype, outer * inner);
  return opResult(out, shape, [a], {
    name: op,
    args: [outer, length, inner],
    forward: () => sumAxis(x, outer, length, inner, out, scale),
    backward: (g) => spreadAxis(g, outer, length, inner, gradBuffer(a), scale),
  });
}

/**
 * Index of the largest element (the first on ties), of the flattened tensor or along `axis`; not differentiable.
 * @example
 * const predicted = logits.argmax(1); // Int32Array of N class indices
 */
export function argmax(a: Tensor, axis?: number): Int32Array {
  const [outer, length, inner] = aroundAxis(a, axis === undefined ? undefined : normalizeAxis('argmax', axis, a.rank));
  if (length === 0) throw new ShapeError(`argmax: cannot reduce an empty axis of shape ${formatShape(a.shape)}`);
  const x = a.data;
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let best = 0;
      let bestValue = x[base];
      for (let j = 1; j < length; j++) {
        const v = x[base + j * inner];
        if (v > bestValue) {
          bestValue = v;
          best = j;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return out;
}

/** `a` as `[outer, length, inner]` around `axis` (non-negative), or as one run of all its elements. */
function aroundAxis(a: Tensor, axis: number | undefined): [number, number, number] {
  if (axis === undefined) return [1, a.size, 1];
  return [sizeOf(a.shape.slice(0, axis)), a.shape[axis], sizeOf(a.shape.slice(axis + 1))];
}
