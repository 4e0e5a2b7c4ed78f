// The TypeScript GEMM kernels (tiny, thin, packed) and the dispatch in front of them, against a naive
// float64 loop, in all four transpose forms, on awkward shapes and across block and tile edges.
import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { gemm, gemmTs, tsKernelFor } from '../src/tensor/kernels/gemm.js';
import { gemmPacked } from '../src/tensor/kernels/gemm-packed.js';
import { gemmThin } from '../src/tensor/kernels/gemm-thin.js';
import { gemmTiny } from '../src/tensor/kernels/gemm-tiny.js';
import { kernelBackend } from '../src/tensor/runtime/wasm.js';
import { randn } from '../src/index.js';
import type { DType } from '../src/index.js';

type Kernel = typeof gemm;
type FloatArray = Float32Array | Float64Array;

const kernels: [string, Kernel][] = [
  ['gemm', gemm],
  ['gemmTs', gemmTs],
  ['gemmTiny', gemmTiny],
  ['gemmThin', gemmThin],
  ['gemmPacked', gemmPacked],
];
const forms = [[false, false], [false, true], [true, false], [true, true]] as const;

/** op(A) op(B) and sum_p |op(A)[i,p] op(B)[p,j]|, both in float64 by the textbook triple loop. */
function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, a: FloatArray, b: FloatArray): [Float64Array, Float64Array] {
  const c = new Float64Array(m * n);
  const size = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, t = 0;
      for (let p = 0; p < k; p++) {
        const x = (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        s += x;
        t += Math.abs(x);
      }
      c[i * n + j] = s;
      size[i * n + j] = t;
    }
  }
  return [c, size];
}

function values(dtype: DType, length: number, seed: number): FloatArray {
  return randn([length], seed, { dtype }).data as FloatArray;
}

/**
 * Runs `kernel` and checks C against the naive product. The TypeScript kernels sum float32 operands
 * in float64 and round into C once per block of k, so the bound is a few float32
 * roundings of the sum of magnitudes; `gemm` on the wasm kernels sums in float32 (k roundings), and
 * float64 allows k float64 roundings. C's elements past m * n must stay untouched, and without
 * `accumulate` whatever C held (here NaN) must not leak through.
 */
function check(kernel: Kernel, dtype: DType, transA: boolean, transB: boolean, m: number, n: number, k: number, accumulate: boolean, seed: number): void {
  const a = values(dtype, m * k, seed);
  const b = values(dtype, k * n, seed + 1);
  const c = values(dtype, m * n + 3, seed + 2);
  if (!accumulate) c.fill(NaN, 0, m * n);
  const before = Float64Array.from(c);
  kernel(transA, transB, m, n, k, a, b, c, accumulate);
  const [want, size] = naive(transA, transB, m, n, k, a, b);
  const float32Sums = kernel === gemm && kernelBackend() === 'wasm';
  const roundings = dtype === 'float64' || float32Sums ? k + 2 : Math.ceil(k / 256) + 2;
  const relative = (dtype === 'float32' ? 2 ** -23 : 2 ** -52) * roundings;
  for (let i = 0; i < m * n; i++) {
    const start = accumulate ? before[i] : 0;
    const bound = relative * (size[i] + Math.abs(start) + Math.abs(want[i]));
    expect(Math.abs(c[i] - (want[i] + start)), `C[${i}] of ${m}x${n}x${k}`).toBeLessThanOrEqual(bound);
  }
  for (let i = m * n; i < c.length; i++) expect(c[i], `C[${i}] past the end`).toBe(before[i]);
}

// [m, n, k]: single rows and columns, sizes that are not multiples of 4, 5 or 8 (the tiles and
// panels), the workloads' thin products, k = 0, and k past one block of 256 (both as rows of a
// contiguous operand and as a stride across one).
const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 1, 7], [1, 13, 5], [13, 1, 5], [1, 1, 300],
  [3, 4, 16], [16, 3, 4], [6, 3, 4], [2, 2, 3],
  [9, 1, 11], [1, 9, 11], [17, 1, 33], [1, 17, 33],
  [7, 2, 9], [2, 7, 9], [11, 6, 5], [6, 11, 5], [12, 10, 9], [10, 12, 9],
  [33, 10, 70], [10, 33, 70], [21, 7, 19],
  [5, 6, 0], [1, 1, 0], [0, 4, 3], [4, 0, 3],
  [9, 3, 300], [3, 9, 300], [9, 1, 600], [1, 9, 600], [14, 11, 257], [11, 14, 257],
];

describe('every kernel computes op(A) op(B) like the naive loop', () => {
  describe.each(kernels)('%s', (_, kernel) => {
    test.each(shapes)('[%i x %i x %i] in all forms, float32 and float64, overwrite and accumulate', (m, n, k) => {
      let seed = 1;
      for (const [tA, tB] of forms) {
        for (const dtype of ['float32', 'float64'] as const) {
          for (const accumulate of [false, true]) check(kernel, dtype, tA, tB, m, n, k, accumulate, seed++);
        }
      }
    });

    test('random shapes up to 24 x 24 x 40', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1000 }),
          (m, n, k, form, acc, f64, seed) => check(kernel, f64 ? 'float64' : 'float32', forms[form][0], forms[form][1], m, n, k, acc, seed),
        ),
        { numRuns: 150 },
      );
    });
  });

  test.each(forms)('gemm with transA=%s transB=%s across the packed blocks (m > 64, k > 256, n > 1024)', (tA, tB) => {
    check(gemm, 'float64', tA, tB, 67, 1030, 259, false, 1);
    check(gemm, 'float32', tA, tB, 67, 1030, 259, true, 2);
  });

  test.each(forms)('gemmThin with transA=%s transB=%s on the workloads\' products', (tA, tB) => {
    check(gemmThin, 'float32', tA, tB, 128, 10, 784, true, 1); // W2 forward
    check(gemmThin, 'float32', tA, tB, 10, 784, 128, true, 2); // W2 weight gradient
    check(gemmThin, 'float32', tA, tB, 256, 1, 100, true, 3); // W4 forward
    check(gemmThin, 'float32', tA, tB, 1, 100, 256, true, 4); // W4 weight gradient
    check(gemmThin, 'float64', tA, tB, 10, 100, 1000, false, 5); // k in 4 blocks of 250 across rows
    check(gemmThin, 'float32', tA, tB, 6, 3, 8200, true, 6); // k in 2 blocks of 4100 along rows
  });
});

describe('the same inputs give the same bits on every call', () => {
  const bits = (x: FloatArray): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

  test.each(kernels)('%s, with other products run in between', (_, kernel) => {
    for (const [m, n, k] of [[100, 50, 300], [128, 10, 784], [10, 784, 128], [256, 1, 100], [1, 100, 256], [16, 3, 4]]) {
      for (const [tA, tB] of forms) {
        const a = values('float32', m * k, 1), b = values('float32', k * n, 2);
        const first = new Float32Array(m * n), second = new Float32Array(m * n);
        kernel(tA, tB, m, n, k, a, b, first, false);
        // Fills the scratch panels with other values, in the other dtype.
        kernel(!tA, tB, 7, 12, 300, values('float64', 7 * 300, 3), values('float64', 300 * 12, 4), new Float64Array(84), true);
        kernel(tA, tB, m, n, k, a, b, second, false);
        expect(bits(second).equals(bits(first)), `${m}x${n}x${k} transA=${tA} transB=${tB}`).toBe(true);
      }
    }
  });
});

describe('gemmTs runs each product on the kernel made for its shape', () => {
  test.each([
    { product: "W1's forward [16,4] x [4,3]^T", form: [false, true], shape: [16, 3, 4], kernel: gemmTiny },
    { product: "W1's weight gradient", form: [true, false], shape: [3, 4, 16], kernel: gemmTiny },
    { product: "W2's forward [128,784] x [784,10]^T", form: [false, true], shape: [128, 10, 784], kernel: gemmThin },
    { product: "W2's weight gradient", form: [true, false], shape: [10, 784, 128], kernel: gemmThin },
    { product: "W4's forward [256,100] x [100,1]^T", form: [false, true], shape: [256, 1, 100], kernel: gemmThin },
    { product: "W4's weight gradient", form: [true, false], shape: [1, 100, 256], kernel: gemmThin },
    { product: "W3's forward [128,784] x [784,128]^T", form: [false, true], shape: [128, 128, 784], kernel: gemmPacked },
  ] as const)('$product', ({ form: [tA, tB], shape: [m, n, k], kernel }) => {
    expect(tsKernelFor(m, n, k)).toBe(kernel);
    // And gemmTs gives that kernel's bits.
    const a = values('float32', m * k, 1), b = values('float32', k * n, 2);
    const viaTs = new Float32Array(m * n), direct = new Float32Array(m * n);
    gemmTs(tA, tB, m, n, k, a, b, viaTs, false);
    kernel(tA, tB, m, n, k, a, b, direct, false);
    expect(viaTs).toEqual(direct);
  });
});
