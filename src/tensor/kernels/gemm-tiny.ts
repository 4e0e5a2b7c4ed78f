// GEMM for tiny products (a few hundred multiply-adds), where any setup costs more than the arithmetic.
import type { Gemm } from './gemm-operands.js';

/**
 * The GEMM contract (see gemm-operands.ts) as the plain triple loop: no packing, tiles or copy into wasm memory,
 * and one small function, optimised early. Each element of C is one float64 sum over p in order: the same bits.
 */
export const gemmTiny: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => {
  // As operandStrides gives them, without an object per call: runs of many tiny products call this most.
  const rowA = transA ? 1 : k, stepA = transA ? m : 1, stepB = transB ? 1 : n, colB = transB ? k : 1;
  for (let i = 0, o = 0; i < m; i++) {
    for (let j = 0; j < n; j++, o++) {
      let sum = 0;
      for (let p = 0, qa = i * rowA, qb = j * colB; p < k; p++, qa += stepA, qb += stepB) sum += a[qa] * b[qb];
      c[o] = accumulate ? c[o] + sum : sum;
    }
  }
};
