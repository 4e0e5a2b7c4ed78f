// GEMM for products large on every side: both operands packed into float64 panels, 4 x 4 register tiles.
import type { FloatArray } from '../dtype.js';
import { emptyProduct, operandStrides, type Gemm } from './gemm-operands.js';

// Block sizes: a packed block of op(A) (MC x KC) and of op(B) (KC x NC) stay in L1/L2 while the
// micro-kernel sweeps them, and the scratch buffers stay bounded however large the operands are.
const MC = 64;
const KC = 256;
const NC = 1024;

// Packing scratch, allocated once at its largest size and reused by every call.
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const edgeTile = new Float64Array(16);

/**
 * The GEMM contract (see gemm-operands.ts) for products large on every side. Why it is fast: blocks of both
 * operands are packed into float64 panels 4 wide, so the micro-kernel reads both sequentially whatever the
 * transposes, from one array type (monomorphic loads); each 4x4 tile of C lives in 16 locals for a block of k,
 * so every 8 numbers loaded feed 16 multiply-adds. Sums run in float64 in a fixed order: the same bits every run.
 */
export const gemmPacked: Gemm = (transA, transB, m, n, k, a, b, c, accumulate) => {
  if (k === 0) return emptyProduct(c, m * n, accumulate);
  const { rowA, stepA, stepB, colB } = operandStrides(transA, transB, m, n, k);
  // Equal blocks of k, at most KC (784 = 4 x 196, not 3 x 256 + 16): a thin last block would waste a pass over C.
  const kBlock = Math.ceil(k / Math.ceil(k / KC));
  for (let jc = 0; jc < n; jc += NC) {
    const nb = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kBlock) {
      const kb = Math.min(kBlock, k - pc);
      pack(b, jc * colB + pc * stepB, colB, stepB, nb, kb, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mb = Math.min(MC, m - ic);
        pack(a, ic * rowA + pc * stepA, rowA, stepA, mb, kb, packedA);
        microKernel(mb, nb, kb, packedA, packedB, c, ic * n + jc, n, accumulate || pc > 0);
      }
    }
  }
};

/**
 * Copies `rows x depth` elements (element (r, p) at `src[start + r * rowStride + p * depthStride]`)
 * into panels of 4 rows: panel r >> 2 holds, for each p, the 4 values of rows 4(r>>2)..+3, zero-padded.
 */
function pack(
  src: FloatArray, start: number, rowStride: number, depthStride: number, rows: number, depth: number, dst: Float64Array,
): void {
  const padded = (rows + 3) & ~3;
  for (let r = 0; r < padded; r++) {
    let d = (r >> 2) * 4 * depth + (r & 3);
    if (r >= rows) {
      for (let p = 0; p < depth; p++, d += 4) dst[d] = 0;
      continue;
    }
    for (let p = 0, s = start + r * rowStride; p < depth; p++, s += depthStride, d += 4) dst[d] = src[s];
  }
}

function microKernel(
  m: number, n: number, k: number, pa: Float64Array, pb: Float64Array, c: FloatArray, offset: number, ldc: number, accumulate: boolean,
): void {
  for (let i = 0; i < m; i += 4) {
    const panelA = i * k;
    const end = panelA + 4 * k;
    for (let j = 0; j < n; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let qa = panelA, qb = j * k; qa < end; qa += 4, qb += 4) {
        const y0 = pb[qb], y1 = pb[qb + 1], y2 = pb[qb + 2], y3 = pb[qb + 3];
        let x = pa[qa];
        c00 += x * y0; c01 += x * y1; c02 += x * y2; c03 += x * y3;
        x = pa[qa + 1];
        c10 += x * y0; c11 += x * y1; c12 += x * y2; c13 += x * y3;
        x = pa[qa + 2];
        c20 += x * y0; c21 += x * y1; c22 += x * y2; c23 += x * y3;
        x = pa[qa + 3];
        c30 += x * y0; c31 += x * y1; c32 += x * y2; c33 += x * y3;
      }
      let o = offset + i * ldc + j;
      if (i + 4 <= m && j + 4 <= n) {
        if (accumulate) {
          c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += ldc;
          c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += ldc;
          c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += ldc;
          c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
        } else {
          c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += ldc;
          c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += ldc;
          c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += ldc;
          c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
        }
        continue;
      }
      // A ragged tile at the bottom or right edge: write only the rows and columns that exist.
      const t = edgeTile;
      t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
      t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
      t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
      t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
      const rows = Math.min(4, m - i);
      const cols = Math.min(4, n - j);
      for (let r = 0; r < rows; r++, o += ldc) {
        for (let s = 0; s < cols; s++) c[o + s] = accumulate ? c[o + s] + t[r * 4 + s] : t[r * 4 + s];
      }
    }
  }
}
