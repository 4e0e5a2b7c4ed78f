// The GEMM kernel in all four transpose forms, against a naive loop, across block and tile edges.
import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { gemm } from '../src/tensor/kernels/gemm.js';
import { randn } from '../src/index.js';

function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
    c[i * n + j] = s;
  }
  return c;
}

function check(transA: boolean, transB: boolean, m: number, n: number, k: number, accumulate: boolean, seed: number): void {
  const a = randn([m * k], seed, { dtype: 'float64' }).data as Float64Array;
  const b = randn([k * n], seed + 1, { dtype: 'float64' }).data as Float64Array;
  const c = randn([m * n], seed + 2, { dtype: 'float64' }).data as Float64Array;
  const before = Float64Array.from(c);
  gemm(transA, transB, m, n, k, a, b, c, accumulate);
  const want = naive(transA, transB, m, n, k, a, b);
  for (let i = 0; i < m * n; i++) {
    const w = want[i] + (accumulate ? before[i] : 0);
    expect(Math.abs(c[i] - w)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(w)) * Math.sqrt(k + 1));
  }
}

const forms = [[false, false], [false, true], [true, false], [true, true]] as const;

describe('gemm', () => {
  test.each(forms)('transA=%s transB=%s across block boundaries (m > 64, k > 256, n > 1024)', (tA, tB) => {
    check(tA, tB, 67, 1030, 259, false, 1);
    check(tA, tB, 67, 1030, 259, true, 2);
  });
  test('random small and awkward shapes, overwrite and accumulate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }),
        (m, n, k, form, acc, seed) => check(forms[form][0], forms[form][1], m, n, k, acc, seed),
      ),
      { numRuns: 300 },
    );
  });
  test('the same inputs give the same bits on every call', () => {
    const a = randn([100 * 300], 1).data;
    const b = randn([300 * 50], 2).data;
    const c1 = new Float32Array(100 * 50);
    const c2 = new Float32Array(100 * 50);
    gemm(false, false, 100, 50, 300, a, b, c1, false);
    gemm(true, true, 3, 3, 3, new Float64Array(9), new Float64Array(9), new Float64Array(9), false);
    gemm(false, false, 100, 50, 300, a, b, c2, false);
    expect(Buffer.from(c1.buffer).equals(Buffer.from(c2.buffer))).toBe(true);
  });
});
