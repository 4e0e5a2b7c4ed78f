// gemmThin's two products for a layer with one output, over rows of a dataset read in place through a list of
// row numbers: a shuffled batch's forward and weight gradient without copying its rows first.
import type { FloatArray } from '../dtype.js';
import { KC_ACROSS, KC_ALONG } from './gemm-thin.js';

/**
 * @internal `out[i] (+)= sum_p source[rows[i] * k + p] * w[p]` for each i < rows.length: gemmThin's
 * `[r, k] x [1, k]^T` (one output) on the batch of rows `rows` of `source`, without gathering the batch.
 * The same sums in the same order (each row's from 0, p ascending, per block of k as gemmThin cuts it), so
 * the same bits as `gemm(false, true, r, 1, k, batch, w, out, accumulate)` where gemm runs gemmThin.
 * Eight rows at a time, as gemmThin reads them: eight independent streams keep eight cache misses in
 * flight when the rows are scattered over a large dataset.
 */
export function dotRowsOf(source: FloatArray, rows: Int32Array, k: number, w: FloatArray, out: FloatArray, accumulate: boolean): void {
  const kBlock = Math.ceil(k / Math.ceil(k / KC_ALONG));
  for (let pc = 0; pc < k; pc += kBlock) {
    const kb = Math.min(kBlock, k - pc);
    const add = accumulate || pc > 0;
    const count = rows.length;
    let r = 0;
    for (; r + 8 <= count; r += 8) {
      const x0 = rows[r] * k + pc, x1 = rows[r + 1] * k + pc, x2 = rows[r + 2] * k + pc, x3 = rows[r + 3] * k + pc;
      const x4 = rows[r + 4] * k + pc, x5 = rows[r + 5] * k + pc, x6 = rows[r + 6] * k + pc, x7 = rows[r + 7] * k + pc;
      dotEightRows(source, kb, x0, x1, x2, x3, x4, x5, x6, x7, w, pc, out, r, add);
    }
    for (; r < count; r++) {
      const x0 = rows[r] * k + pc;
      let s = 0;
      for (let p = 0; p < kb; p++) s += source[x0 + p] * w[pc + p];
      out[r] = add ? out[r] + s : s;
    }
  }
}

/**
 * The eight sums of dotRowsOf for rows starting at x0 .. x7, into out[r .. r + 7]. A function of its own
 * with a loop of one row's length: V8 optimises it with one short compile, where a loop over a whole batch
 * is compiled twice (once to enter it mid-loop) while the first steps of a run wait.
 */
function dotEightRows(
  x: FloatArray,
  k: number,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  x4: number,
  x5: number,
  x6: number,
  x7: number,
  w: FloatArray,
  startW: number,
  out: FloatArray,
  r: number,
  add: boolean,
): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  for (let p = 0; p < k; p++) {
    const v = w[startW + p];
    s0 += x[x0 + p] * v; s1 += x[x1 + p] * v; s2 += x[x2 + p] * v; s3 += x[x3 + p] * v;
    s4 += x[x4 + p] * v; s5 += x[x5 + p] * v; s6 += x[x6 + p] * v; s7 += x[x7 + p] * v;
  }
  if (add) {
    out[r] += s0; out[r + 1] += s1; out[r + 2] += s2; out[r + 3] += s3;
    out[r + 4] += s4; out[r + 5] += s5; out[r + 6] += s6; out[r + 7] += s7;
  } else {
    out[r] = s0; out[r + 1] = s1; out[r + 2] = s2; out[r + 3] = s3;
    out[r + 4] = s4; out[r + 5] = s5; out[r + 6] = s6; out[r + 7] = s7;
  }
}

// The weight gradient's sums for one block of rows, one per column, reused by every call.
let columnSums = new Float64Array(0);

/**
 * @internal `dw[f] (+)= sum_i g[i] * source[rows[i] * k + f]` for each f < k: gemmThin's `[1, r] x [r, k]`
 * (G^T X, a one-output layer's weight gradient) on the batch of rows `rows` of `source`, without gathering
 * the batch. The same sums in the same order (each column's from 0, i ascending, per block of rows as gemmThin
 * cuts them), so the same bits as `gemm(true, false, 1, k, r, g, batch, dw, accumulate)` where gemm runs
 * gemmThin. Each row is read once, along its length, adding into a column sum per value.
 */
export function weightGradientOf(source: FloatArray, rows: Int32Array, k: number, g: FloatArray, dw: FloatArray, accumulate: boolean): void {
  const count = rows.length;
  if (columnSums.length < k) columnSums = new Float64Array(k);
  const sums = columnSums;
  const block = Math.ceil(count / Math.ceil(count / KC_ACROSS));
  for (let start = 0; start < count; start += block) {
    const end = Math.min(start + block, count);
    sums.fill(0, 0, k);
    let i = start;
    for (; i + 4 <= end; i += 4) addFourRows(source, rows[i] * k, rows[i + 1] * k, rows[i + 2] * k, rows[i + 3] * k, g[i], g[i + 1], g[i + 2], g[i + 3], sums, k);
    for (; i < end; i++) {
      const x0 = rows[i] * k, v = g[i];
      for (let f = 0; f < k; f++) sums[f] += source[x0 + f] * v;
    }
    if (accumulate || start > 0) for (let f = 0; f < k; f++) dw[f] += sums[f];
    else for (let f = 0; f < k; f++) dw[f] = sums[f];
  }
}

/** sums[f] += x0[f] g0 + x1[f] g1 + x2[f] g2 + x3[f] g3, added one term at a time, left to right. */
function addFourRows(
  x: FloatArray,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  g0: number,
  g1: number,
  g2: number,
  g3: number,
  sums: Float64Array,
  k: number,
): void {
  for (let f = 0; f < k; f++) sums[f] = sums[f] + x[x0 + f] * g0 + x[x1 + f] * g1 + x[x2 + f] * g2 + x[x3 + f] * g3;
}
