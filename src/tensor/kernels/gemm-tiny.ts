// GEMM for tiny products (a few hundred multiply-adds), where any setup costs more than the arithmetic.
import type { FloatArray } from '../dtype.js';

/**
 * `gemm`'s contract (see gemm.ts) as the plain triple loop: no packing, no tiles, no copy into wasm
 * memory, and a single small function that V8 optimises early. Each element of C is one float64 sum
 * over p = 0..k-1 in order, so the same inputs give the same bits on every run.
 */
export function gemmTiny(
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
  for (let i = 0, o = 0; i < m; i++) {
    for (let j = 0; j < n; j++, o++) {
      let sum = 0;
      for (let p = 0, qa = i * rowA, qb = j * colB; p < k; p++, qa += stepA, qb += stepB) sum += a[qa] * b[qb];
      c[o] = accumulate ? c[o] + sum : sum;
    }
  }
}
