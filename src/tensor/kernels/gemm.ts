// General matrix multiply over typed arrays, for all four transpose forms, with no allocation.
import type { FloatArray } from '../dtype.js';

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), with `C` an `m x n` row-major matrix,
 * `op(A)` `m x k` and `op(B)` `k x n`. `transA` means `A` is stored `k x m`; `transB` means `B` is
 * stored `n x k`. Backward passes use the transposed forms directly, so no transpose is ever copied.
 *
 * Why it is fast: each 4x4 tile of C lives in 16 local variables (registers) for the whole k loop,
 * so every pair of loaded numbers feeds 16 multiply-adds; the transposes become strides, and the
 * k loop only adds a stride to two offsets. Sums run in float64 whatever the storage type.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  accumulate: boolean,
): void {
  // Element (i, p) of op(A) is a[i * rowA + p * stepA]; element (p, j) of op(B) is b[p * stepB + j * colB].
  const rowA = transA ? 1 : k;
  const stepA = transA ? m : 1;
  const stepB = transB ? 1 : n;
  const colB = transB ? k : 1;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * colB;
      const b1 = b0 + colB;
      const b2 = b1 + colB;
      const b3 = b2 + colB;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += stepA, pb += stepB) {
        const x0 = a[a0 + pa], x1 = a[a1 + pa], x2 = a[a2 + pa], x3 = a[a3 + pa];
        const y0 = b[b0 + pb], y1 = b[b1 + pb], y2 = b[b2 + pb], y3 = b[b3 + pb];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let o = i * n + j;
      if (accumulate) {
        c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += n;
        c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += n;
        c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += n;
        c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
      } else {
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      }
    }
  }
  // The ragged edges (last m % 4 rows, last n % 4 columns): one dot product per element.
  if (m4 < m) gemmEdge(m4, m, 0, n, k, rowA, stepA, stepB, colB, n, a, b, c, accumulate);
  if (n4 < n) gemmEdge(0, m4, n4, n, k, rowA, stepA, stepB, colB, n, a, b, c, accumulate);
}

function gemmEdge(
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k: number,
  rowA: number,
  stepA: number,
  stepB: number,
  colB: number,
  n: number,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  accumulate: boolean,
): void {
  for (let i = i0; i < i1; i++) {
    const ai = i * rowA;
    for (let j = j0; j < j1; j++) {
      const bj = j * colB;
      let s = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += stepA, pb += stepB) s += a[ai + pa] * b[bj + pb];
      const o = i * n + j;
      c[o] = accumulate ? c[o] + s : s;
    }
  }
}
