// Softmax's row exponentials on the WebAssembly kernel give the TypeScript loop's bits: fdlibm's exp ported to
// AssemblyScript against softgrad's TypeScript port on every branch, and stableLogSumExp with and without the kernel.
import { describe, expect, test } from 'vitest';
import { stableLogSumExp } from '../src/losses/softmax.js';
import { rowExpSumsWasm } from '../src/tensor/kernels/row-exp-sums.js';
import { fdlibmExp } from '../src/tensor/portable-math.js';
import { gemmInstance } from '../src/tensor/runtime/wasm.js';
import { forcedJs, random } from './helpers/kernels.js';

/** The bits of each float64, as strings, so NaN payloads and -0 compare too. */
function bits(values: ArrayLike<number>): string[] {
  const words = new BigUint64Array(Float64Array.from(values).buffer);
  return Array.from(words, (w) => w.toString(16));
}

describe.skipIf(forcedJs)('softmax rows on the WebAssembly kernel', () => {
  test('fdlibm exp in wasm, two lanes at a time, gives the TypeScript port\'s bits on every branch', () => {
    const inputs = [
      0, -0, 1e-300, -1e-300, 2 ** -29, -(2 ** -29), 0.3, -0.3, 0.35, -0.35, 0.5, -0.5, 1, -1, 1.03, -1.03, 2, -2, 50, -50,
      700, -700, 709.78, 709.79, -745.1, -745.2, -708, -720, -740, 1e300, -1e300, Infinity, -Infinity, NaN,
    ];
    // Each side of the thresholds between the branches: 2^-28, ln2 / 2, 1.5 ln2, -1021 ln2.
    for (const edge of [2 ** -28, 0.34657359027997264, 1.0397207708399179, 707.703, 709.782712893384, 745.1332191019411]) {
      for (const x of [edge, edge * (1 + 2 ** -52), edge * (1 - 2 ** -53), edge * 1.0001, edge * 0.9999]) inputs.push(x, -x);
    }
    const g = random(20000, 9);
    for (let i = 0; i < g.length; i++) inputs.push(g[i] * (i % 4 === 0 ? 300 : i % 4 === 1 ? 30 : i % 4 === 2 ? 1 : 1e-3));
    // Two lanes at a time, with no branch: each pair of neighbours, so every input in both lanes.
    const { exports, arraysEnd, heap } = gemmInstance()!;
    const pairs = inputs.flatMap((x, i) => {
      exports.fdlibmExpPair(x, inputs[(i + 1) % inputs.length], arraysEnd);
      return Array.from(new Float64Array(heap.buffer, arraysEnd, 2));
    });
    expect(bits(pairs)).toEqual(bits(inputs.flatMap((x, i) => [fdlibmExp(x), fdlibmExp(inputs[(i + 1) % inputs.length])])));
  });

  /** shift, logSum and exps of `x` as [rows, length], through the kernel (a Float32Array) or the TypeScript loop (numbers). */
  function rows(x: Float32Array | number[], n: number, c: number): string[][] {
    const shift = new Float64Array(n), logSum = new Float64Array(n), exps = new Float64Array(n * c);
    stableLogSumExp(x, n, c, 1, shift, logSum, exps);
    const shiftOnly = new Float64Array(n), logSumOnly = new Float64Array(n);
    stableLogSumExp(x, n, c, 1, shiftOnly, logSumOnly, null);
    return [bits(shift), bits(logSum), bits(exps), bits(shiftOnly), bits(logSumOnly)];
  }

  test.each([
    ['a batch of ordinary logits', 128, 10, 1],
    ['wide rows whose small terms underflow', 16, 300, 1e3],
    ['logits of +-1e4', 64, 20, 1e4],
    ['an odd number of classes (the last one on its own)', 40, 37, 30],
  ])('%s: the TypeScript loop\'s bits', (_, n, c, scale) => {
    const x = random(n * c, n + c).map((v) => v * scale);
    x[5] = -Infinity;
    x.fill(7, c, 2 * c); // a row of equal logits: log(c)
    expect(rowExpSumsWasm(x, n, c, new Float64Array(n), new Float64Array(n), null)).toBe(true); // the kernel runs
    expect(rows(x, n, c)).toEqual(rows(Array.from(x), n, c));
  });
});
