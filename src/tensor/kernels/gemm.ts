// General matrix multiply over typed arrays, for all four transpose forms, with no allocation per call.
import type { FloatArray } from '../dtype.js';
import { gemmParallel } from './parallel-gemm.js';
import { fitsWasm, gemmWasm, kernelBackend } from './wasm-gemm.js';

// Below this many multiply-adds, the TypeScript kernel beats the ~130 ns it costs to copy operands
// into wasm memory and back (measured: equal at 4 x 4 x 4, wasm 2x faster at 8 x 8 x 8).
const WASM_MIN_PRODUCT = 64;
const useWasm = kernelBackend() === 'wasm';

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), with `C` an `m x n` row-major matrix,
 * `op(A)` `m x k` and `op(B)` `k x n`. `transA` means `A` is stored `k x m`; `transB` means `B` is
 * stored `n x k`. Backward passes call the transposed forms directly, so no transpose is ever copied.
 *
 * float32 products run on the WebAssembly SIMD kernels (`gemmWasm`) when they are loaded (see
 * `kernelBackend()`) and the product is neither tiny nor too large for wasm memory, on several threads
 * when it is large (`gemmParallel`); everything else runs on `gemmTs`. Either way the same inputs give
 * the same bits on every run, whatever the number of threads.
 */
export function gemm(
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
  if (
    useWasm &&
    m * n * k >= WASM_MIN_PRODUCT &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    c instanceof Float32Array &&
    fitsWasm(transA, transB, m, n, k)
  ) {
    // Large products are shared with worker threads (see setNumThreads), with the same bits.
    if (!gemmParallel(transA, transB, m, n, k, a, b, c, accumulate)) gemmWasm(transA, transB, m, n, k, a, b, c, accumulate);
  } else {
    gemmTs(transA, transB, m, n, k, a, b, c, accumulate);
  }
}

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
 * The TypeScript kernel behind `gemm`, with the same contract: the fallback where WebAssembly SIMD is
 * missing, the kernel for float64, and the oracle the wasm kernels are tested against.
 *
 * Why it is fast: blocks of both operands are first packed into float64 panels 4 rows (columns)
 * wide, so the micro-kernel reads both sequentially, whatever the transposes, and always sees one
 * array type (V8 keeps it monomorphic for float32 and float64 alike). Each 4x4 tile of C then lives
 * in 16 local variables for a whole block of k, so every 8 numbers loaded feed 16 multiply-adds.
 * Sums run in float64 in a fixed order: the same inputs give the same bits on every run.
 */
export function gemmTs(
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
  if (k === 0) {
    if (!accumulate) c.fill(0, 0, m * n);
    return;
  }
  // Element (i, p) of op(A) is a[i * rowA + p * stepA]; element (p, j) of op(B) is b[p * stepB + j * colB].
  const rowA = transA ? 1 : k;
  const stepA = transA ? m : 1;
  const stepB = transB ? 1 : n;
  const colB = transB ? k : 1;
  // Split k into equal blocks of at most KC (784 = 4 x 196, not 3 x 256 + 16): a thin last block
  // would pay a full pass over C for almost no multiply-adds.
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
}

/**
 * Copies `rows x depth` elements (element (r, p) at `src[start + r * rowStride + p * depthStride]`)
 * into panels of 4 rows: panel r >> 2 holds, for each p, the 4 values of rows 4(r>>2)..+3, zero-padded.
 */
function pack(
  src: FloatArray,
  start: number,
  rowStride: number,
  depthStride: number,
  rows: number,
  depth: number,
  dst: Float64Array,
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
  m: number,
  n: number,
  k: number,
  pa: Float64Array,
  pb: Float64Array,
  c: FloatArray,
  offset: number,
  ldc: number,
  accumulate: boolean,
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
