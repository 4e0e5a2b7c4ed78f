// General matrix multiply over typed arrays, for all four transpose forms, with no allocation per call.
import type { FloatArray } from '../dtype.js';
import { gemmPacked } from './gemm-packed.js';
import { gemmThin } from './gemm-thin.js';
import { gemmTiny } from './gemm-tiny.js';
import { gemmParallel } from './parallel-gemm.js';
import { fitsWasm, gemmWasm, kernelBackend, viewsWasmMemory } from './wasm-gemm.js';

// Products of at most this many multiply-adds (W1's are 192) run on the plain triple loop, in both
// backends. Once optimised it is slower than wasm (500 against 200 ns on [16,4] x [4,3]^T), but it is
// optimised far sooner: W1's 2000 products took 5 ms in a fresh process, against 8 ms on wasm and
// 16-24 ms on the tiled TypeScript kernels, a head start worth several thousand calls.
const TINY_PRODUCT = 256;
// Products with at most this many rows or columns of C run on the thin kernel: measured against the
// packed kernel with 1-10 of them it wins or ties (4.7 against 2.9 GFLOP/s at 10, 2.8 against 0.7 at
// 1), with 12 or 16 it loses a little.
const THIN_SIDE = 10;
const useWasm = kernelBackend() === 'wasm';

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), with `C` an `m x n` row-major matrix,
 * `op(A)` `m x k` and `op(B)` `k x n`. `transA` means `A` is stored `k x m`; `transB` means `B` is
 * stored `n x k`. Backward passes call the transposed forms directly, so no transpose is ever copied.
 *
 * Tiny products run on `gemmTiny` in both backends. Other float32 products run on the WebAssembly
 * SIMD kernels (`gemmWasm`) when they are loaded (see `kernelBackend()`) and the product is not too
 * large for wasm memory, on several threads when it is large (`gemmParallel`); everything else runs on
 * `gemmTs`. Either way the same inputs give the same bits on every run, whatever the number of threads.
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
  if (isTinyProduct(m, n, k)) {
    gemmTiny(transA, transB, m, n, k, a, b, c, accumulate);
  } else if (
    useWasm &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    c instanceof Float32Array &&
    fitsWasm(transA, transB, m, n, k)
  ) {
    // Large products are shared with worker threads (see setNumThreads), with the same bits; not an operand
    // staged in wasm memory, which gemmWasm reads in place (FusedStep stages only what stays single-threaded).
    const staged = viewsWasmMemory(a) || viewsWasmMemory(b);
    if (staged || !gemmParallel(transA, transB, m, n, k, a, b, c, accumulate)) gemmWasm(transA, transB, m, n, k, a, b, c, accumulate);
  } else {
    gemmTs(transA, transB, m, n, k, a, b, c, accumulate);
  }
}

/**
 * The TypeScript kernels behind `gemm`, with the same contract: the fallback where WebAssembly SIMD is
 * missing, the kernels for float64, and the oracle the wasm kernels are tested against. Tiny products
 * run on `gemmTiny`, products with a thin side on `gemmThin`, the rest on `gemmPacked`; each sums in
 * float64 in a fixed order, so the same inputs give the same bits on every run.
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
  tsKernelFor(m, n, k)(transA, transB, m, n, k, a, b, c, accumulate);
}

/** @internal Whether `gemm` runs a product of this shape on the plain triple loop (`gemmTiny`) in both backends. */
export function isTinyProduct(m: number, n: number, k: number): boolean {
  return m * n * k <= TINY_PRODUCT;
}

/**
 * @internal Whether `gemm` runs this product on `gemmThin`, given whether its operands are float32 (the
 * kernels in gemm-rows.ts give gemmThin's bits, so a caller uses them only where gemm would use gemmThin).
 */
export function runsOnGemmThin(transA: boolean, transB: boolean, m: number, n: number, k: number, float32: boolean): boolean {
  if (isTinyProduct(m, n, k) || (useWasm && float32 && fitsWasm(transA, transB, m, n, k))) return false;
  return tsKernelFor(m, n, k) === gemmThin;
}

/** @internal Which TypeScript kernel `gemmTs` runs a product of this shape on. */
export function tsKernelFor(m: number, n: number, k: number): typeof gemmTiny {
  if (isTinyProduct(m, n, k)) return gemmTiny;
  return m <= THIN_SIDE || n <= THIN_SIDE ? gemmThin : gemmPacked;
}
