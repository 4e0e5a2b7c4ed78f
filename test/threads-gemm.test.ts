// The parallel GEMM gives exactly the bits of the one-thread wasm kernel, for any number of threads,
// on every form, shape and block boundary; and gemm uses it only where it should.
import { afterAll, beforeAll, describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { gemm, gemmTs } from '../src/tensor/kernels/gemm.js';
import { GemmPool, gemmParallel, PARALLEL_MIN_FLOPS, parallelGemmCounts } from '../src/tensor/runtime/gemm-pool.js';
import { getNumThreads, setNumThreads } from '../src/tensor/runtime/threads.js';
import { gemmWasm } from '../src/tensor/kernels/gemm-wasm.js';
import { kernelBackend } from '../src/tensor/runtime/wasm.js';
import { random, sameBits, until, forcedJs } from './helpers/kernels.js';

const forms = [[false, false], [false, true], [true, false], [true, true]] as const;
const formName = (tA: boolean, tB: boolean): string => `${tA ? 'A^T' : 'A'} ${tB ? 'B^T' : 'B'}`;





describe.skipIf(forcedJs)('the parallel GEMM has the bits of gemmWasm for 1, 2 and 3 threads', () => {
  let pools: GemmPool[] = [];
  beforeAll(async () => {
    pools = [new GemmPool({ threads: 2 }), new GemmPool({ threads: 3 })];
    await until(() => pools.every((p) => p.ready === p.threads - 1), 'the workers to start');
  });
  afterAll(() => pools.forEach((p) => p.stop()));

  /** C from gemmWasm against C from each pool at each thread count it allows (1 = the main thread alone). */
  function check(tA: boolean, tB: boolean, m: number, n: number, k: number, accumulate: boolean, seed: number): void {
    const a = random(m * k, seed);
    const b = random(k * n, seed + 1);
    const before = random(m * n, seed + 2);
    const want = Float32Array.from(before);
    gemmWasm(tA, tB, m, n, k, a, b, want, accumulate);
    for (const pool of pools) {
      for (let threads = 1; threads <= pool.threads; threads++) {
        const got = Float32Array.from(before);
        expect(pool.gemm(tA, tB, m, n, k, a, b, got, accumulate, threads)).toBe(true);
        if (!sameBits(got, want)) {
          expect.fail(`${formName(tA, tB)} m=${m} n=${n} k=${k} accumulate=${accumulate}, ${threads} of ${pool.threads} threads: bits differ from gemmWasm`);
        }
      }
    }
    expect(pools.every((p) => p.failure === null)).toBe(true);
  }

  // [m, n, k]: 2 rows or columns (the smallest the pool takes), sizes around the 4 x 8 tile, parts cut
  // by rows (m >= 32 or m >= n) and by columns (few rows, many columns), k = 1, and the workloads'
  // products including a last short batch of 96.
  const shapes: [number, number, number][] = [
    [2, 2, 1], [2, 3, 1], [3, 2, 5], [4, 8, 16], [5, 9, 3], [7, 13, 1], [9, 12, 1], [17, 19, 23],
    [33, 35, 37], [31, 200, 9], [6, 1000, 20], [1000, 3, 17], [64, 128, 784], [128, 10, 784],
    [10, 784, 128], [96, 10, 784], [10, 784, 96], [128, 128, 784], [128, 784, 128], [128, 10, 128],
  ];
  for (const [tA, tB] of forms) {
    test.each(shapes)(`${formName(tA, tB)}: m=%i n=%i k=%i, overwrite and accumulate`, (m, n, k) => {
      check(tA, tB, m, n, k, false, m * 1000 + n * 10 + k);
      check(tA, tB, m, n, k, true, m * 1000 + n * 10 + k + 5);
    });
  }

  test('random shapes, every form, overwrite and accumulate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 70 }), fc.integer({ min: 2, max: 70 }), fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 10_000 }),
        (m, n, k, form, accumulate, seed) => check(forms[form][0], forms[form][1], m, n, k, accumulate, seed),
      ),
      { numRuns: 150 },
    );
  });

  // gemmWasm cuts products over 4 MiB into blocks: 1320 rows of A for n = 10, k = 784 (so m = 1321
  // leaves a last block of one row, which A B^T computes as a dot product), and 1320 values of p for
  // A^T B with m = 10, n = 784 (whose blocks' sums are added in turn, which changes the bits).
  test.each([
    [false, true, 1320, 10, 784], [false, true, 1321, 10, 784], [false, true, 1322, 10, 784],
    [false, false, 2641, 10, 784], [true, false, 10, 784, 1320], [true, false, 10, 784, 1321], [true, false, 10, 784, 2700],
  ] as const)('products cut into blocks keep the bits: %s %s m=%i n=%i k=%i', (tA, tB, m, n, k) => {
    check(tA, tB, m, n, k, false, 21);
    check(tA, tB, m, n, k, true, 22);
  });

  test('operands may be views into larger arrays; C beyond m x n is left alone', () => {
    const m = 40, n = 30, k = 20;
    const a = random(m * k + 20, 1).subarray(3, 3 + m * k + 4);
    const b = random(k * n + 10, 2).subarray(10);
    const c = random(m * n + 8, 3).subarray(2);
    const tail = Float32Array.from(c.subarray(m * n));
    const want = Float32Array.from(c);
    gemmWasm(false, true, m, n, k, a, b, want, true);
    expect(pools[0].gemm(false, true, m, n, k, a, b, c, true)).toBe(true);
    expect(sameBits(c, want)).toBe(true);
    expect(sameBits(c.subarray(m * n), tail)).toBe(true);
  });

  test.each([
    [6, 300, 5], // parts are bands of columns
    [64, 13, 5], // parts are bands of rows
  ])('a NaN in one column of B reaches only that column of C (m=%i n=%i k=%i)', (m, n, k) => {
    for (const col of [0, 7, 8, n - 1]) {
      const b = random(k * n, col);
      b[2 * n + col] = NaN;
      const c = new Float32Array(m * n);
      expect(pools[1].gemm(false, false, m, n, k, random(m * k, 7), b, c, false)).toBe(true);
      for (let i = 0; i < m * n; i++) if (Number.isNaN(c[i]) !== (i % n === col)) expect.fail(`column ${col}: C[${i}] = ${c[i]}`);
    }
  });

  test('one row or one column (matrix-vector products, computed in another order) is left to gemmWasm', () => {
    const c = new Float32Array(784);
    expect(pools[0].gemm(false, true, 1, 784, 784, random(784, 1), random(784 * 784, 2), c, false)).toBe(false);
    expect(pools[0].gemm(false, false, 784, 1, 784, random(784 * 784, 1), random(784, 2), c, false)).toBe(false);
  });
});

describe.skipIf(forcedJs)('gemm shares large float32 products out, small ones not', () => {
  const big = [128, 128, 784] as const; // 25.7 MFLOP, the W3 layer-1 forward
  const a = random(big[0] * big[2], 1), b = random(big[1] * big[2], 2);
  afterAll(() => setNumThreads('auto'));

  test('with 2 threads, the first large product starts the workers, later ones use them, with the bits of gemmWasm', async () => {
    setNumThreads(2);
    const want = new Float32Array(big[0] * big[1]);
    gemmWasm(false, true, ...big, a, b, want, false);
    const before = parallelGemmCounts();
    await until(() => {
      const got = new Float32Array(want.length);
      gemm(false, true, ...big, a, b, got, false);
      if (!sameBits(got, want)) expect.fail('gemm differs from gemmWasm');
      return parallelGemmCounts().threaded > before.threaded;
    }, 'gemm to share a product out');
  });

  test.each([
    { when: 'below the threshold', threads: 2, m: 16, n: 16, k: 16 },
    { when: 'below the threshold: a W2 product', threads: 2, m: 128, n: 10, k: 784 },
    { when: 'at one thread', threads: 1, m: 128, n: 128, k: 784 },
  ])('a product runs on the main thread $when', ({ threads, m, n, k }) => {
    setNumThreads(threads);
    expect(2 * m * n * k < PARALLEL_MIN_FLOPS || threads === 1).toBe(true);
    const before = parallelGemmCounts();
    expect(gemmParallel(false, false, m, n, k, random(m * k, 1), random(k * n, 2), new Float32Array(m * n), false)).toBe(false);
    expect(parallelGemmCounts()).toEqual(before);
  });

  test('float64 products stay on the TypeScript kernel', () => {
    setNumThreads(2);
    expect(getNumThreads()).toBe(2);
    const a64 = Float64Array.from(a), b64 = Float64Array.from(b);
    const got = new Float64Array(big[0] * big[1]), want = new Float64Array(big[0] * big[1]);
    gemm(false, true, ...big, a64, b64, got, false);
    gemmTs(false, true, ...big, a64, b64, want, false);
    expect(got).toEqual(want);
  });
});

test('the WebAssembly kernels behind the pool are present unless SOFTGRAD_KERNELS=js', () => {
  expect(kernelBackend()).toBe(forcedJs ? 'js' : 'wasm');
  if (forcedJs) expect(() => new GemmPool({ threads: 2 })).toThrow('GemmPool: the WebAssembly kernels are not loaded');
});
