// 2-D matrix product; the backward calls the transposed GEMM forms, never copying a transpose.
import { ShapeError } from '../errors.js';
import { allocate, promote } from './dtype.js';
import { gemm } from './kernels/gemm.js';
import { formatShape } from './shape.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';

/**
 * `a @ b` for `a` `[m, k]` and `b` `[k, n]`.
 * @example
 * const logits = x.matmul(w.transpose()).add(b);
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}: both operands must be 2-D`);
  }
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) {
    throw new ShapeError(
      `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}: inner dimensions ${k} and ${k2} differ`,
    );
  }
  const out = allocate(promote(a.dtype, b.dtype), m * n);
  return opResult(out, [m, n], [a, b], {
    name: 'matmul',
    forward: () => gemm(false, false, m, n, k, a.data, b.data, out, false),
    backward: (g) => {
      if (a.requiresGrad) gemm(false, true, m, k, n, g, b.data, gradBuffer(a), true); // dA += G B^T
      if (b.requiresGrad) gemm(true, false, k, n, m, a.data, g, gradBuffer(b), true); // dB += A^T G
    },
  });
}
