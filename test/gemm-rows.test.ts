// gemm-rows.ts: a one-output layer's forward and weight gradient over rows read in place through a list of row
// numbers must give exactly gemmThin's bits on the gathered rows, since fit's fused step uses them where gemm
// would run gemmThin and its results must not depend on which of the two ran.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dotRowsOf, weightGradientOf } from '../src/tensor/kernels/gemm-rows.js';
import { gemmThin } from '../src/tensor/kernels/gemm-thin.js';
import { randn } from '../src/index.js';

type FloatArray = Float32Array | Float64Array;
type DType = 'float32' | 'float64';

function values(dtype: DType, length: number, seed: number): FloatArray {
  return randn([length], seed, { dtype }).data as FloatArray;
}

function bits(x: FloatArray): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

/** Rows `rows` of `source` (rows of k values), gathered. */
function gather(source: FloatArray, rows: Int32Array, k: number): FloatArray {
  const batch = source instanceof Float32Array ? new Float32Array(rows.length * k) : new Float64Array(rows.length * k);
  rows.forEach((row, i) => batch.set(source.subarray(row * k, row * k + k), i * k));
  return batch;
}

/** Checks both kernels against gemmThin on the gathered rows, from the same starting outputs. */
function check(dtype: DType, datasetRows: number, k: number, rows: Int32Array, accumulate: boolean, seed: number): void {
  const source = values(dtype, datasetRows * k, seed);
  const batch = gather(source, rows, k);
  const r = rows.length;

  const w = values(dtype, k, seed + 1);
  const outStart = values(dtype, r, seed + 2);
  const expectedOut = outStart.slice();
  const out = outStart.slice();
  gemmThin(false, true, r, 1, k, batch, w, expectedOut, accumulate);
  dotRowsOf(source, rows, k, w, out, accumulate);
  expect(bits(out).equals(bits(expectedOut)), `forward ${dtype} r=${r} k=${k} accumulate=${accumulate}`).toBe(true);

  const g = values(dtype, r, seed + 3);
  const dwStart = values(dtype, k, seed + 4);
  const expectedDw = dwStart.slice();
  const dw = dwStart.slice();
  gemmThin(true, false, 1, k, r, g, batch, expectedDw, accumulate);
  weightGradientOf(source, rows, k, g, dw, accumulate);
  expect(bits(dw).equals(bits(expectedDw)), `weight gradient ${dtype} r=${r} k=${k} accumulate=${accumulate}`).toBe(true);
}

describe("gemmThin's one-output products over rows read in place", () => {
  test('the same bits as gemmThin on the gathered rows, for random batches and shapes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DType>('float32', 'float64'),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (dtype, datasetRows, k, r, accumulate, seed) => {
          // Any row numbers, repeats included: the kernels only read through them.
          const rows = Int32Array.from({ length: r }, (_, i) => (i * 7 + seed) % datasetRows);
          check(dtype, datasetRows, k, rows, accumulate, seed);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('across the blocks gemmThin cuts: rows in blocks of at most 256, values in blocks of at most 4096', () => {
    const shuffled = (n: number, count: number): Int32Array => Int32Array.from({ length: count }, (_, i) => (i * 7919) % n);
    check('float32', 1000, 9, shuffled(1000, 600), true, 1); // 600 rows: 3 blocks of 200 in the weight gradient
    check('float64', 1000, 9, shuffled(1000, 257), false, 2); // 257 rows: 2 blocks
    check('float32', 30, 5000, shuffled(30, 19), true, 3); // 5000 values a row: 2 blocks of 2500 in the forward
    check('float64', 30, 8193, shuffled(30, 11), false, 4); // 3 blocks
  });

  test('non-finite values and signed zeros come through as gemmThin gives them', () => {
    const source = Float32Array.from([0, -0, Infinity, 1, NaN, -2, -0, 3, 4, -Infinity, 5, 6]);
    const rows = Int32Array.from([2, 0, 1, 2, 1]);
    const batch = gather(source, rows, 4);
    for (const accumulate of [true, false]) {
      const w = Float32Array.from([-0, 1, 2, 0]);
      const expectedOut = new Float32Array(5).fill(-0);
      const out = new Float32Array(5).fill(-0);
      gemmThin(false, true, 5, 1, 4, batch, w, expectedOut, accumulate);
      dotRowsOf(source, rows, 4, w, out, accumulate);
      expect(bits(out).equals(bits(expectedOut))).toBe(true);
      const g = Float32Array.from([-0, 2, 0, -1, 1]);
      const expectedDw = new Float32Array(4).fill(-0);
      const dw = new Float32Array(4).fill(-0);
      gemmThin(true, false, 1, 4, 5, g, batch, expectedDw, accumulate);
      weightGradientOf(source, rows, 4, g, dw, accumulate);
      expect(bits(dw).equals(bits(expectedDw))).toBe(true);
    }
  });
});
