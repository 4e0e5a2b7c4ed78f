// GEMM for products with a thin side (few rows or few columns of C, like a layer with 10 or 1 outputs).
import type { FloatArray } from '../dtype.js';
import { emptyProduct, operandStrides, type Gemm } from './gemm-operands.js';

// The thin operand is packed into float64 panels this many lines wide: 4 x 5 tiles fill the registers best,
// and 10 outputs, the common thin side, fill two panels exactly.
const PANEL = 5;

// Depth of a block of k with x read across its rows (see thinProduct), and along them (bounding only the scratch).
const KC_ACROSS = 256;
const KC_ALONG = 4096;

// Packing scratch for a thin side of up to 10 (what `gemm` sends here); a wider one packs into an array of its own.
const panels = new Float64Array(2 * PANEL * KC_ALONG);

/**
 * The GEMM contract (see gemm-operands.ts) for a product where `m` or `n` is small. Only the thin operand is
 * packed (padded to a multiple of 5); the thick one is read in place, where gemmPacked would repack it for a few
 * tiles and pad 10 columns to 12. Sums run in float64 in a fixed order per block of k: the same bits every run.
 */
export const gemmThin: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => {
  if (k === 0) return emptyProduct(c, m * n, accumulate);
  const { rowA, stepA, stepB, colB } = operandStrides(transA, transB, m, n, k);
  // The thin side becomes the lines of the panel; C is walked as its transpose when A is the thin one.
  if (n <= m) thinProduct(m, n, k, a, rowA, stepA, b, colB, stepB, c, n, 1, accumulate);
  else thinProduct(n, m, k, b, colB, stepB, a, rowA, stepA, c, 1, n, accumulate);
};

/**
 * `out[r * ldr + s * lds] (+)= sum_p x[r * rowX + p * stepX] * y[s * lineY + p * stepY]` for
 * r < rows (the thick side) and s < lines (the thin side).
 */
function thinProduct(
  rows: number, lines: number, k: number, x: FloatArray, rowX: number, stepX: number, y: FloatArray, lineY: number, stepY: number, out: FloatArray, ldr: number, lds: number, accumulate: boolean,
): void {
  // Read across its rows (stepX > 1, a weight gradient), each cache line of x serves four tiles in turn: equal
  // blocks of at most KC_ACROSS keep the lines cached until the next tile comes back for them.
  const kBlock = Math.ceil(k / Math.ceil(k / (stepX === 1 ? KC_ALONG : KC_ACROSS)));
  for (let pc = 0; pc < k; pc += kBlock) {
    const kb = Math.min(kBlock, k - pc);
    if (lines === 1) dotRows(rows, kb, x, pc * stepX, rowX, stepX, y, pc * stepY, stepY, out, ldr, accumulate || pc > 0);
    else panelTiles(rows, lines, kb, x, pc * stepX, rowX, stepX, y, pc * stepY, lineY, stepY, out, ldr, lds, accumulate || pc > 0);
  }
}

/** thinProduct over one block of k, with x and y starting at `startX` and `startY`. */
function panelTiles(
  rows: number, lines: number, k: number, x: FloatArray, startX: number, rowX: number, stepX: number, y: FloatArray, startY: number, lineY: number, stepY: number, out: FloatArray, ldr: number, lds: number, accumulate: boolean,
): void {
  const panelCount = Math.ceil(lines / PANEL);
  const pack = panelCount * PANEL * k <= panels.length ? panels : new Float64Array(panelCount * PANEL * k);
  // Panel q holds, for each p, the PANEL values of lines PANEL * q.. at pack[(q * k + p) * PANEL + ...].
  for (let s = 0; s < panelCount * PANEL; s++) {
    let d = Math.floor(s / PANEL) * PANEL * k + (s % PANEL);
    if (s >= lines) {
      for (let p = 0; p < k; p++, d += PANEL) pack[d] = 0;
      continue;
    }
    for (let p = 0, t = startY + s * lineY; p < k; p++, t += stepY, d += PANEL) pack[d] = y[t];
  }
  // 4 x 5 tiles: per p, 4 values of x and 5 of the panel feed 20 multiply-adds held in locals.
  const lastX = startX + (rows - 1) * rowX;
  for (let r = 0; r < rows; r += 4) {
    // A short last tile rereads the last row and stores only real rows: no leftover loop runs for the first
    // time after this one is optimised, which would deoptimise it.
    const x0 = startX + r * rowX;
    const x1 = Math.min(x0 + rowX, lastX), x2 = Math.min(x0 + 2 * rowX, lastX), x3 = Math.min(x0 + 3 * rowX, lastX);
    for (let q = 0; q < panelCount; q++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0;
      for (let t = 0, d = q * PANEL * k, end = d + PANEL * k; d < end; t += stepX, d += PANEL) {
        const y0 = pack[d], y1 = pack[d + 1], y2 = pack[d + 2], y3 = pack[d + 3], y4 = pack[d + 4];
        let v = x[x0 + t];
        c00 += v * y0; c01 += v * y1; c02 += v * y2; c03 += v * y3; c04 += v * y4;
        v = x[x1 + t];
        c10 += v * y0; c11 += v * y1; c12 += v * y2; c13 += v * y3; c14 += v * y4;
        v = x[x2 + t];
        c20 += v * y0; c21 += v * y1; c22 += v * y2; c23 += v * y3; c24 += v * y4;
        v = x[x3 + t];
        c30 += v * y0; c31 += v * y1; c32 += v * y2; c33 += v * y3; c34 += v * y4;
      }
      const width = Math.min(PANEL, lines - q * PANEL);
      const o = r * ldr + q * PANEL * lds;
      storeLine(out, o, lds, width, accumulate, c00, c01, c02, c03, c04);
      if (r + 1 < rows) storeLine(out, o + ldr, lds, width, accumulate, c10, c11, c12, c13, c14);
      if (r + 2 < rows) storeLine(out, o + 2 * ldr, lds, width, accumulate, c20, c21, c22, c23, c24);
      if (r + 3 < rows) storeLine(out, o + 3 * ldr, lds, width, accumulate, c30, c31, c32, c33, c34);
    }
  }
}

/** Writes (or adds) the first `width` (at most 5) of five sums to out[o], out[o + lds], ... */
function storeLine(
  out: FloatArray, o: number, lds: number, width: number, accumulate: boolean, s0: number, s1: number, s2: number, s3: number, s4: number,
): void {
  if (accumulate) {
    out[o] += s0;
    if (width > 1) out[o + lds] += s1;
    if (width > 2) out[o + 2 * lds] += s2;
    if (width > 3) out[o + 3 * lds] += s3;
    if (width > 4) out[o + 4 * lds] += s4;
  } else {
    out[o] = s0;
    if (width > 1) out[o + lds] = s1;
    if (width > 2) out[o + 2 * lds] = s2;
    if (width > 3) out[o + 3 * lds] = s3;
    if (width > 4) out[o + 4 * lds] = s4;
  }
}

/**
 * One line on the thin side (a layer with one output, or its weight gradient): a dot product of each
 * row of x with y. Eight rows at a time share each load of y; y is read in place, packing it gains nothing.
 */
function dotRows(
  rows: number, k: number, x: FloatArray, startX: number, rowX: number, stepX: number, y: FloatArray, startY: number, stepY: number, out: FloatArray, ldr: number, accumulate: boolean,
): void {
  // As in panelTiles, a last tile short of 8 rows reads the last row again and stores only real rows.
  const lastX = startX + (rows - 1) * rowX;
  for (let r = 0; r < rows; r += 8) {
    const x0 = startX + r * rowX;
    const x1 = Math.min(x0 + rowX, lastX), x2 = Math.min(x0 + 2 * rowX, lastX), x3 = Math.min(x0 + 3 * rowX, lastX);
    const x4 = Math.min(x0 + 4 * rowX, lastX), x5 = Math.min(x0 + 5 * rowX, lastX), x6 = Math.min(x0 + 6 * rowX, lastX);
    const x7 = Math.min(x0 + 7 * rowX, lastX);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let p = 0, t = 0, u = startY; p < k; p++, t += stepX, u += stepY) {
      const w = y[u];
      s0 += x[x0 + t] * w; s1 += x[x1 + t] * w; s2 += x[x2 + t] * w; s3 += x[x3 + t] * w;
      s4 += x[x4 + t] * w; s5 += x[x5 + t] * w; s6 += x[x6 + t] * w; s7 += x[x7 + t] * w;
    }
    const count = Math.min(8, rows - r);
    storeLine(out, r * ldr, ldr, Math.min(count, 5), accumulate, s0, s1, s2, s3, s4);
    if (count > 5) storeLine(out, (r + 5) * ldr, ldr, count - 5, accumulate, s5, s6, s7, 0, 0);
  }
}
