// What every GEMM kernel shares: its contract, and how it reads op(A) and op(B) out of the stored arrays.
import type { FloatArray } from '../dtype.js';

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), with `C` an `m x n` row-major matrix, `op(A)` `m x k` and
 * `op(B)` `k x n`. `transA` means `A` is stored `k x m`; `transB` means `B` is stored `n x k`. Only the first
 * `m x n` values of `c` are written. Every kernel sums in a fixed order: the same inputs give the same bits.
 */
export type Gemm = (transA: boolean, transB: boolean, m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray, accumulate: boolean) => void;

/** Element (i, p) of op(A) is `a[i * rowA + p * stepA]`; element (p, j) of op(B) is `b[p * stepB + j * colB]`. */
export interface OperandStrides {
  rowA: number;
  stepA: number;
  stepB: number;
  colB: number;
}

export function operandStrides(transA: boolean, transB: boolean, m: number, n: number, k: number): OperandStrides {
  return { rowA: transA ? 1 : k, stepA: transA ? m : 1, stepB: transB ? 1 : n, colB: transB ? k : 1 };
}

/** A product over k = 0: nothing to sum, so C is zero (or, accumulating, unchanged). */
export function emptyProduct(c: FloatArray, size: number, accumulate: boolean): void {
  if (!accumulate) c.fill(0, 0, size);
}
